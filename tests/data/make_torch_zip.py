#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes torch_zip_state_dict.pt: a small state_dict in the zip format of torch.save (PyTorch >= 1.6),
using only the standard library, so the test needs no PyTorch. Layout as torch writes it:
archive/data.pkl (pickle protocol 2, storages as persistent ids), archive/data/<key>, archive/version,
archive/byteorder. Tensors: 'conv.weight' float32 [2, 3] = 0..5; 'conv.bias' float32 [3] a strided
view (offset 1, stride 2) into storage 0..6; 'steps' int64 [] = 42; 'half' float16 [2] = [1.5, -2]."""
import collections, io, pickle, struct, sys, types, zipfile

torch = types.ModuleType("torch"); utils = types.ModuleType("torch._utils")
class FloatStorage: pass
class LongStorage: pass
class HalfStorage: pass
FloatStorage.__module__ = LongStorage.__module__ = HalfStorage.__module__ = "torch"
def _rebuild_tensor_v2(*args): pass
_rebuild_tensor_v2.__module__ = "torch._utils"
torch.FloatStorage, torch.LongStorage, torch.HalfStorage, torch._utils = FloatStorage, LongStorage, HalfStorage, utils
utils._rebuild_tensor_v2 = _rebuild_tensor_v2
sys.modules["torch"], sys.modules["torch._utils"] = torch, utils

class Storage:
    def __init__(self, key, cls, data, fmt):
        self.key, self.cls, self.data, self.numel = key, cls, struct.pack("<%d%s" % (len(data), fmt), *data), len(data)
class Tensor:
    def __init__(self, storage, offset, size, stride):
        self.args = (storage, offset, size, stride, False, collections.OrderedDict())
    def __reduce__(self):
        return (_rebuild_tensor_v2, self.args)

storages = [Storage("0", FloatStorage, [0, 1, 2, 3, 4, 5], "f"), Storage("1", FloatStorage, [10, 11, 12, 13, 14, 15, 16], "f"),
            Storage("2", LongStorage, [42], "q"), Storage("3", HalfStorage, [1.5, -2.0], "e")]
state = collections.OrderedDict([("conv.weight", Tensor(storages[0], 0, (2, 3), (3, 1))),
                                 ("conv.bias", Tensor(storages[1], 1, (3,), (2,))),
                                 ("steps", Tensor(storages[2], 0, (), ())),
                                 ("half", Tensor(storages[3], 0, (2,), (1,)))])

class Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        return ("storage", obj.cls, obj.key, "cpu", obj.numel) if isinstance(obj, Storage) else None
buf = io.BytesIO(); Pickler(buf, protocol=2).dump(state)
with zipfile.ZipFile(sys.argv[1] if len(sys.argv) > 1 else "torch_zip_state_dict.pt", "w", zipfile.ZIP_STORED) as z:
    z.writestr("archive/data.pkl", buf.getvalue())
    z.writestr("archive/byteorder", "little")
    for s in storages: z.writestr("archive/data/" + s.key, s.data)
    z.writestr("archive/version", "3\n")
