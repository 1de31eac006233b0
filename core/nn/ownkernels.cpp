// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/ownkernels.h"

#include "core/onednn/graph.h"
#include "core/onednn/weightgradient.h"

#include <torch/torch.h>

// LibTorch 2 options hold std::variant; 1.x its own c10::variant.
#if TORCH_VERSION_MAJOR >= 2
namespace variants = std;
#else
namespace variants = c10;
#endif

namespace drbn::nn {
namespace {

using onednn::Winograd3x3;
using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;
constexpr auto kNhwc = torch::MemoryFormat::ChannelsLast;

/// The 3x3 convolution of channels-last x, padded by 1, image by image.
torch::Tensor winograd(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                       Winograd3x3::Isa isa) {
  const int64_t images = x.size(0), ins = x.size(1), height = x.size(2), width = x.size(3), outs = weight.size(0);
  const auto w = weight.contiguous(), b = bias.contiguous();
  const Winograd3x3 conv(w.data_ptr<float>(), b.data_ptr<float>(), int(outs), {int(ins)}, isa, {});
  auto y = torch::empty({images, outs, height, width}, x.options().memory_format(kNhwc));
  const int64_t plane = height * width;
  for (int64_t n = 0; n < images; ++n)
    conv.run({{x.data_ptr<float>() + n * plane * ins, int(ins)}}, int(height), 0, y.data_ptr<float>() + n * plane * outs,
             int(height), int(width));
  return y;
}

class Convolution3x3 : public torch::autograd::Function<Convolution3x3> {
 public:
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& weight,
                               const torch::Tensor& bias, int64_t isa) {
    ctx->save_for_backward({x, weight});
    ctx->saved_data["isa"] = isa;
    return winograd(x, weight, bias, Winograd3x3::Isa(isa));
  }

  static tensor_list backward(AutogradContext* ctx, tensor_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto &x = saved[0], &weight = saved[1];
    const auto isa = Winograd3x3::Isa(ctx->saved_data["isa"].toInt());
    const auto gy = grads[0].contiguous(kNhwc);
    torch::Tensor gx, gw, gb;
    if (ctx->needs_input_grad(0)) {
      // dL/dx is the convolution of dL/dy with the weights flipped and their in and out swapped.
      const auto flipped = weight.flip({2, 3}).transpose(0, 1);
      gx = winograd(gy, flipped, torch::zeros({weight.size(1)}, weight.options()), isa);
    }
    if (ctx->needs_input_grad(1)) {
      gw = torch::empty(weight.sizes(), weight.options().memory_format(torch::MemoryFormat::Contiguous));
      onednn::weightGradient3x3(x.data_ptr<float>(), int(x.size(1)), gy.data_ptr<float>(), int(gy.size(1)),
                                int(x.size(0)), int(x.size(2)), int(x.size(3)), gw.data_ptr<float>(), isa);
      if (weight.is_contiguous(kNhwc)) gw = gw.contiguous(kNhwc);  // as the optimiser's state expects
    }
    if (ctx->needs_input_grad(2)) gb = gy.sum({0, 2, 3});
    return {gx, gw, gb, torch::Tensor()};
  }
};

bool isPlain3x3(const torch::nn::detail::ConvNdOptions<2>& o) {
  const auto* padding = variants::get_if<torch::ExpandingArray<2>>(&o.padding());
  return (*o.kernel_size())[0] == 3 && (*o.kernel_size())[1] == 3 && (*o.stride())[0] == 1 && (*o.stride())[1] == 1 &&
         padding && (**padding)[0] == 1 && (**padding)[1] == 1 && (*o.dilation())[0] == 1 && (*o.dilation())[1] == 1 &&
         o.groups() == 1 && o.bias() &&
         !o.transposed() && variants::holds_alternative<torch::enumtype::kZeros>(o.padding_mode());
}

}  // namespace

torch::Tensor convolve3x3(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) {
  static const auto isa = onednn::kernelIsa();
  const bool fits = x.dim() == 4 && weight.dim() == 4 && weight.size(1) == x.size(1) && weight.size(2) == 3 &&
                    weight.size(3) == 3 && bias.defined() && bias.numel() == weight.size(0);
  if (!isa || !fits || !torch::GradMode::is_enabled() || !x.device().is_cpu() || !weight.device().is_cpu() ||
      x.scalar_type() != torch::kFloat || weight.scalar_type() != torch::kFloat || bias.scalar_type() != torch::kFloat)
    return torch::nn::functional::conv2d(x, weight, torch::nn::functional::Conv2dFuncOptions().bias(bias).padding(1));
  return Convolution3x3::apply(x.contiguous(kNhwc), weight, bias, int64_t(*isa));
}

torch::Tensor convolve(torch::nn::Conv2dImpl& conv, const torch::Tensor& x) {
  return isPlain3x3(conv.options) ? convolve3x3(x, conv.weight, conv.bias) : conv.forward(x);
}

}  // namespace drbn::nn
