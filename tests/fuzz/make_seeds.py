#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the fuzz targets' seed corpora (corpus/<target>/): small valid inputs of every format the
parsers read, made the way real files are (torch.save in both formats, safetensors as our writer
lays it out, Pillow's JPEG and PNG). Needs PyTorch and Pillow; the seeds are committed, so the
fuzz build does not. Usage: /usr/bin/python3 tests/fuzz/make_seeds.py"""
import collections, io, json, os, struct, zipfile

import torch
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def state_dict():
    torch.manual_seed(0)
    base = torch.arange(12, dtype=torch.float32)
    sd = collections.OrderedDict()
    sd["conv.weight"] = torch.randn(2, 1, 3, 3)
    sd["conv.bias"] = base[1:7:2]                  # a strided view into a larger storage
    sd["bn.running_mean"] = base[:2]               # the same storage again
    sd["bn.num_batches_tracked"] = torch.tensor(7)  # int64 scalar
    sd["half"] = torch.tensor([1.5, -2.0], dtype=torch.float16)
    sd["mask"] = torch.tensor([True, False])
    sd["t"] = torch.ones(2, 3).t()                 # transposed strides
    return sd


def torch_file(sd, **kwargs):
    buffer = io.BytesIO()
    torch.save(sd, buffer, **kwargs)
    return buffer.getvalue()


def safetensors(tensors, metadata=None):
    header, data = {}, b""
    if metadata:
        header["__metadata__"] = metadata
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


sd = state_dict()
zip_v2 = torch_file(sd)
legacy = torch_file(sd, _use_new_zipfile_serialization=False)
nested = torch_file({"state_dict": sd, "epoch": 3, "opt": {"lr": 1e-4, "betas": (0.9, 0.999)}})
write("fuzz_weightfile", "zip.pt", zip_v2)
write("fuzz_weightfile", "legacy.pt", legacy)
write("fuzz_weightfile", "nested.pt", nested)
write("fuzz_weightfile", "legacy-nested.pt", torch_file({"model": sd}, _use_new_zipfile_serialization=False))

floats = struct.pack("<6f", 0, 1, 2, 3, 4, 5)
st = {
    "plain": safetensors({"w": ("F32", [2, 3], floats)}),
    "metadata": safetensors({"bands.0.weight": ("F32", [1, 2, 3], floats), "steps": ("I64", [], struct.pack("<q", 42)),
                             "h": ("F16", [2], struct.pack("<2e", 1.5, -2)), "e": ("F64", [0, 4], b"")},
                            {"format": "pt", "name": "DRBN \"seed\" \\u00e9", "recipe": "studio"}),
    "empty": safetensors({}),
    "bf16": safetensors({"b": ("BF16", [2], b"\x80\x3f\x00\x40"), "u": ("U8", [3], b"\x01\x02\x03"),
                         "flag": ("BOOL", [1], b"\x01")}),
}
for name, data in st.items():
    write("fuzz_safetensors", name + ".safetensors", data)
    write("fuzz_weightfile", name + ".safetensors", data)

for proto in (2, 4):
    with zipfile.ZipFile(io.BytesIO(torch_file(sd, pickle_protocol=proto))) as z:
        pkl = next(n for n in z.namelist() if n.endswith("data.pkl"))
        write("fuzz_pickle", "data-protocol%d.pkl" % proto, z.read(pkl))
with zipfile.ZipFile(io.BytesIO(nested)) as z:
    write("fuzz_pickle", "nested.pkl", z.read(next(n for n in z.namelist() if n.endswith("data.pkl"))))

# Regressions: a list inside itself (it leaked) and lists nested through the memo (freeing them
# overflowed the stack at 300,000 levels; 1,000 here, within the fuzzers' input size).
write("fuzz_pickle", "list-inside-itself.pkl", b"\x80\x02]q\x00h\x00a.")
write("fuzz_pickle", "nested-through-memo.pkl", b"\x80\x02]q\x00" + b"h\x00]q\x00a0" * 1000 + b".")

write("fuzz_ava", "ava.txt", "1 953619 0 1 5 17 38 36 15 6 5 1 1 22 1396\n"
                             "2 953958 10 7 15 33 36 17 10 3 0 0 15 0 1396\n"
                             "3 954184 0 0 4 8 41 56 10 3 4 0 0 0 1396\n")
write("fuzz_ava", "crlf.txt", "1 10 1 1 1 1 1 1 1 1 1 1 0 0 0\r\n2 11 0 0 0 0 0 0 0 0 0 9 3 4 5\r\n")

for i, text in enumerate(["mos >= 6.5 and votes >= 100 and not (tag = 14 or reject)",
                          "pick or (std < 1.25 and present)", "not not mos != 5", "", "ava > 0 and id <= 3e2"]):
    write("fuzz_filter", "filter%d.txt" % i, text)

darktable = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 4.4.0-Exiv2">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:darktable="http://darktable.sf.net/" xmp:Rating="4" darktable:xmp_version="5">
   <darktable:history><rdf:Seq/></darktable:history>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
write("fuzz_xmp", "darktable.xmp", darktable)
write("fuzz_xmp", "reject.xmp", """<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpDM="http://ns.adobe.com/xmp/1.0/DynamicMedia/">
<xmp:Rating>-1</xmp:Rating><xmpDM:pick>-1</xmpDM:pick></rdf:Description></rdf:RDF></x:xmpmeta>""")
write("fuzz_xmp", "pick.xmp", """<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:xmpDM="http://ns.adobe.com/xmp/1.0/DynamicMedia/" xmpDM:pick="1"/></rdf:RDF></x:xmpmeta>""")

image = Image.new("RGB", (9, 7))
for x in range(9):
    for y in range(7):
        image.putpixel((x, y), (x * 28, y * 36, (x * y) % 255))
for name, kwargs in [("baseline.jpg", {"format": "JPEG", "quality": 80}),
                     ("progressive.jpg", {"format": "JPEG", "progressive": True}),
                     ("rgb.png", {"format": "PNG"}), ("grey.png", {"format": "PNG", "mode": "L"})]:
    buffer = io.BytesIO()
    mode = kwargs.pop("mode", None)
    (image.convert(mode) if mode else image).save(buffer, **kwargs)
    write("fuzz_imageheader", name, buffer.getvalue())
