// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/image/imagefile.h"

#include "core/image/containercheck.h"
#include "core/io/atomicfile.h"

#include <exiv2/exiv2.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cmath>
#include <filesystem>
#include <mutex>

namespace drbn::image {
namespace {

const char* kXmpNamespace = "http://drbn.studio/ns/1.0/";

}  // namespace

void initExiv2() {
  static std::once_flag once;
  std::call_once(once, [] {
    Exiv2::XmpParser::initialize();
    Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);
    try {
      Exiv2::XmpProperties::registerNs(kXmpNamespace, "drbn");
    } catch (const Exiv2::AnyError&) {
      // already registered
    }
  });
}

namespace {

cv::Mat applyOrientation(const cv::Mat& m, int orientation) {
  cv::Mat out;
  switch (orientation) {
    case 2: cv::flip(m, out, 1); return out;
    case 3: cv::rotate(m, out, cv::ROTATE_180); return out;
    case 4: cv::flip(m, out, 0); return out;
    case 5: cv::transpose(m, out); return out;
    case 6: cv::rotate(m, out, cv::ROTATE_90_CLOCKWISE); return out;
    case 7: cv::transpose(m, out); cv::flip(out, out, -1); return out;
    case 8: cv::rotate(m, out, cv::ROTATE_90_COUNTERCLOCKWISE); return out;
    default: return m;
  }
}

/// `value` to three significant digits, the same under any locale.
std::string threeDigits(double value) {
  char text[32];
  const auto [end, ec] = std::to_chars(text, text + sizeof text, value, std::chars_format::general, 3);
  return ec == std::errc() ? std::string(text, end) : std::string("?");
}

double unitScale(int depth) {
  switch (depth) {
    case CV_8U: return 1.0 / 255;
    case CV_16U: return 1.0 / 65535;
    case CV_32F: case CV_64F: return 1.0;
    default: return 0;
  }
}

// Tags that describe the pixel layout of the source file; the encoder writes its own.
bool isLayoutTag(const std::string& key) {
  static const char* kLayout[] = {"Exif.Image.ImageWidth", "Exif.Image.ImageLength", "Exif.Image.BitsPerSample",
                                  "Exif.Image.Compression", "Exif.Image.PhotometricInterpretation",
                                  "Exif.Image.StripOffsets", "Exif.Image.RowsPerStrip", "Exif.Image.StripByteCounts",
                                  "Exif.Image.SamplesPerPixel", "Exif.Image.PlanarConfiguration",
                                  "Exif.Image.TileWidth", "Exif.Image.TileLength", "Exif.Image.TileOffsets",
                                  "Exif.Image.TileByteCounts", "Exif.Image.SampleFormat", "Exif.Image.ExtraSamples",
                                  "Exif.Image.NewSubfileType", "Exif.Image.SubIFDs"};
  return std::any_of(std::begin(kLayout), std::end(kLayout), [&](const char* k) { return key == k; }) ||
         key.rfind("Exif.Thumbnail.", 0) == 0 || key.rfind("Exif.SubImage", 0) == 0;
}

uint32_t crc32(const std::string& bytes) {  // PNG's chunk check (ISO 3309), bit by bit: chunks are small
  uint32_t crc = 0xffffffffu;
  for (const unsigned char byte : bytes) {
    crc ^= byte;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

std::string bigEndian(uint32_t v) {
  return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}

/// exiv2 0.27 writes a PNG's colour profile (iCCP) with an empty profile name, which libpng
/// rejects as a "bad keyword", dropping the profile (GIMP, Firefox, OpenCV): the chunk named.
std::string withNamedColourProfile(std::string png) {
  if (png.compare(0, 8, "\x89PNG\r\n\x1a\n", 8) != 0) return png;
  for (size_t at = 8; at + 12 <= png.size();) {
    const auto byte = [&](size_t i) { return uint32_t(static_cast<unsigned char>(png[at + i])); };
    const uint32_t length = byte(0) << 24 | byte(1) << 16 | byte(2) << 8 | byte(3);
    if (length > png.size() - at - 12) break;
    if (png.compare(at + 4, 4, "iCCP") == 0 && length > 0 && png[at + 8] == '\0') {
      const std::string typeAndData = "iCCPICC Profile" + png.substr(at + 8, length);  // name, 0, method, profile
      png.replace(at, 12 + length, bigEndian(uint32_t(typeAndData.size() - 4)) + typeAndData + bigEndian(crc32(typeAndData)));
      break;
    }
    at += 12 + length;
  }
  return png;
}

std::string withMetadata(const std::string& encoded, int width, int height,
                         const std::string& source, const std::map<std::string, std::string>& provenance) {
  initExiv2();
  auto out = Exiv2::ImageFactory::open(reinterpret_cast<const Exiv2::byte*>(encoded.data()), long(encoded.size()));
  out->readMetadata();
  if (!source.empty()) {
    std::unique_ptr<Exiv2::Image> in;
    try {
      in.reset(Exiv2::ImageFactory::open(source).release());
      in->readMetadata();
    } catch (const Exiv2::AnyError&) {
      in.reset();  // the source has no metadata exiv2 understands: nothing to carry over
    }
    if (in) {
      Exiv2::ExifData exif;
      for (const auto& datum : in->exifData())
        if (!isLayoutTag(datum.key())) exif.add(datum);
      if (!exif.empty()) {
        exif["Exif.Image.Orientation"] = uint16_t(1);
        if (exif.findKey(Exiv2::ExifKey("Exif.Photo.PixelXDimension")) != exif.end()) {
          exif["Exif.Photo.PixelXDimension"] = uint32_t(width);
          exif["Exif.Photo.PixelYDimension"] = uint32_t(height);
        }
      }
      out->setExifData(exif);
      out->setXmpData(in->xmpData());
      if (out->xmpData().findKey(Exiv2::XmpKey("Xmp.tiff.Orientation")) != out->xmpData().end())
        out->xmpData()["Xmp.tiff.Orientation"] = "1";
      if (out->supportsMetadata(Exiv2::mdIptc)) out->setIptcData(in->iptcData());
      if (in->iccProfileDefined()) out->setIccProfile(*in->iccProfile(), false);
    }
  }
  for (const auto& [key, value] : provenance) out->xmpData()["Xmp.drbn." + key] = value;
  if (!provenance.empty()) out->xmpData()["Xmp.xmp.CreatorTool"] = "DRBN Studio " DRBN_VERSION;
  out->writeMetadata();
  auto& io = out->io();
  io.open();
  io.seek(0, Exiv2::BasicIo::beg);
  const auto buf = io.read(long(io.size()));
  io.close();
  return withNamedColourProfile(std::string(reinterpret_cast<const char*>(buf.pData_), size_t(buf.size_)));
}

}  // namespace

int readOrientation(const std::string& path) {
  initExiv2();
  try {
    auto img = Exiv2::ImageFactory::open(path);
    img->readMetadata();
    const auto& exif = img->exifData();
    const auto it = exif.findKey(Exiv2::ExifKey("Exif.Image.Orientation"));
    if (it != exif.end() && it->count() > 0) {
      const long v = it->toLong();
      if (v >= 1 && v <= 8) return int(v);
    }
  } catch (const Exiv2::AnyError&) {
  }
  return 1;
}

std::map<std::string, std::string> readProvenance(const std::string& path) {
  initExiv2();
  std::map<std::string, std::string> provenance;
  try {
    auto img = Exiv2::ImageFactory::open(path);
    img->readMetadata();
    for (const auto& d : img->xmpData())
      if (d.groupName() == "drbn") provenance[d.tagName()] = d.toString();
  } catch (const Exiv2::AnyError&) {
  }
  return provenance;
}

bool isDrbnResult(const std::string& path) { return !readProvenance(path).empty(); }

infer::FloatImage fromMat(const cv::Mat& mat) {
  const double scale = unitScale(mat.depth());
  if (scale == 0 || mat.empty()) throw ImageError("unsupported pixel type");
  if (mat.channels() != 1 && mat.channels() != 3 && mat.channels() != 4)
    throw ImageError("unsupported number of channels: " + std::to_string(mat.channels()));
  // Plane by plane, straight into the float planes: no whole-image float copy in between
  // (288 MB for 24 MP).
  std::vector<cv::Mat> channels;
  cv::split(mat, channels);  // gray, or B, G, R (, A)
  infer::FloatImage out(mat.cols, mat.rows, 3);
  for (int c = 0; c < 3; ++c) {
    cv::Mat plane(mat.rows, mat.cols, CV_32F, out.plane(c));
    channels[size_t(mat.channels() == 1 ? 0 : 2 - c)].convertTo(plane, CV_32F, scale);
  }
  return out;
}

Photo readPhoto(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw ImageError(ImageError::Kind::NotFound, path, "no such file");
  if (std::filesystem::is_directory(path, ec)) throw ImageError(ImageError::Kind::NotAFile, path, "is a folder, not an image");
  // A FIFO or a device would block the read or never end.
  if (!std::filesystem::is_regular_file(path, ec)) throw ImageError(ImageError::Kind::NotAFile, path, "not a regular file");
  std::string bytes;
  try {
    bytes = io::readFile(path);
  } catch (const io::FileError& e) {
    throw ImageError(ImageError::Kind::CannotRead, path, e.reason());
  }
  if (bytes.empty()) throw ImageError(ImageError::Kind::Damaged, path, "empty file");  // OpenCV would say "!buf.empty()"
  checkContainer(path, bytes);
  cv::Mat raw;
  try {
    raw = cv::imdecode(cv::Mat(1, int(std::min<size_t>(bytes.size(), INT32_MAX)), CV_8U, bytes.data()), cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception& e) {
    throw ImageError(ImageError::Kind::Damaged, path, "cannot decode image (" + e.err + ")");
  }
  if (raw.empty()) {
    // A text file named .jpg is no damaged photo. (Formats without a signature checked here, which
    // OpenCV may still read, are only judged once it cannot.)
    if (!hasImageSignature(bytes)) throw notAnImage(path);
    throw ImageError(ImageError::Kind::Damaged, path, "cannot decode image (corrupt, truncated or not an image)");
  }
  Photo photo;
  photo.orientation = readOrientation(path);
  raw = applyOrientation(raw, photo.orientation);
  photo.grayscale = raw.channels() == 1;
  photo.bitDepth = raw.depth() == CV_8U ? 8 : 16;
  if (unitScale(raw.depth()) == 0)
    throw ImageError(ImageError::Kind::Unsupported, path, "unsupported pixel type (use 8- or 16-bit images)");
  if (raw.depth() == CV_32F || raw.depth() == CV_64F) {
    // Float files carry no range: taking 0-255 data as 0-1 would give a white result. (Some
    // float TIFFs store LogLuv, ~1% off: a little beyond 0-1 is still 0-1.)
    double low = 0, high = 0;
    cv::minMaxLoc(raw.reshape(1), &low, &high);
    if (!std::isfinite(low) || !std::isfinite(high) || low < -0.05 || high > 1.05)
      throw ImageError(ImageError::Kind::Unsupported, path,
                       "floating-point pixels from " + threeDigits(low) + " to " + threeDigits(high) +
                           "; float images are read as 0-1 (save it with 8 or 16 bits instead)");
  }
  if (raw.channels() == 4) {
    cv::extractChannel(raw, photo.alpha, 3);
    photo.alpha.convertTo(photo.alpha, CV_32F, unitScale(raw.depth()));
  }
  try {
    photo.rgb = fromMat(raw);
  } catch (const ImageError& e) {
    throw ImageError(ImageError::Kind::Unsupported, path, e.what());
  }
  return photo;
}

cv::Mat toMat(const infer::FloatImage& rgb, int depth, bool grayscale, const cv::Mat& alpha) {
  const double max = depth == CV_16U ? 65535.0 : 255.0;
  const auto plane = [&rgb](int c) { return cv::Mat(rgb.height, rgb.width, CV_32F, const_cast<float*>(rgb.plane(c))); };
  cv::Mat out;
  if (grayscale) {
    cv::Mat bgr, gray;
    cv::merge(std::vector<cv::Mat>{plane(2), plane(1), plane(0)}, bgr);
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    gray.convertTo(out, depth, max);  // saturating and rounding
    return out;
  }
  // Each plane to the output depth first, then interleaved: no whole-image float BGR copy.
  std::vector<cv::Mat> planes(3);
  for (int c = 0; c < 3; ++c) plane(2 - c).convertTo(planes[size_t(c)], depth, max);
  if (!alpha.empty() && alpha.size() == planes[0].size()) {
    planes.emplace_back();
    alpha.convertTo(planes.back(), depth, max);  // alpha is float in [0, 1], like the planes
  }
  cv::merge(planes, out);
  return out;
}

std::string extensionFor(const std::string& format) {
  std::string f = format;
  std::transform(f.begin(), f.end(), f.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  if (f == "png") return "png";
  if (f == "jpg" || f == "jpeg") return "jpg";
  if (f == "tif" || f == "tiff") return "tif";
  throw ImageError("unsupported output format '" + format + "' (use png, jpg or tif)");
}

bool isImageFileName(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  for (const char* e : {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp", ".pgm", ".ppm", ".pnm"})
    if (ext == e) return true;
  return false;
}

void writePhoto(const std::string& path, const cv::Mat& pixels, const WriteOptions& options,
                const std::string& metadataSource, const std::map<std::string, std::string>& provenance) {
  const std::string ext = extensionFor(options.format);
  if (options.bitDepth != 8 && options.bitDepth != 16)
    throw ImageError(path + ": bit depth must be 8 or 16");
  if (options.bitDepth == 16 && ext == "jpg")
    throw ImageError(path + ": JPEG cannot hold 16 bits per channel (use png or tif)");
  std::vector<int> params;
  if (ext == "jpg") params = {cv::IMWRITE_JPEG_QUALITY, std::clamp(options.quality, 1, 100)};
  if (ext == "png") params = {cv::IMWRITE_PNG_COMPRESSION, 3};  // fast; size within ~5% of the best
  cv::Mat px = pixels;
  if (ext == "jpg" && px.channels() == 4) cv::cvtColor(px, px, cv::COLOR_BGRA2BGR);  // JPEG has no alpha
  std::vector<uchar> encoded;
  try {
    if (!cv::imencode("." + ext, px, encoded, params)) throw ImageError(path + ": cannot encode " + ext);
  } catch (const cv::Exception& e) {
    throw ImageError(path + ": cannot encode " + ext + " (" + e.err + ")");
  }
  std::string bytes(encoded.begin(), encoded.end());
  if (!metadataSource.empty() || !provenance.empty()) {
    try {
      bytes = withMetadata(bytes, px.cols, px.rows, metadataSource, provenance);
    } catch (const Exiv2::AnyError& e) {
      throw ImageError(path + ": cannot write metadata (" + std::string(e.what()) + ")");
    }
  }
  try {
    io::writeFileAtomically(path, bytes);
  } catch (const io::FileError& e) {
    throw ImageError(e.what());
  }
}

std::string imageLibraryVersions() {
  return std::string("OpenCV ") + CV_VERSION + ", exiv2 " + Exiv2::versionString();
}

}  // namespace drbn::image

namespace drbn::image {

cv::Mat scaledToFit(const cv::Mat& image, int maxSide) {
  if (maxSide <= 0 || std::max(image.cols, image.rows) <= maxSide) return image;
  const double s = double(maxSide) / std::max(image.cols, image.rows);
  const cv::Size size(std::max(1, int(std::lround(image.cols * s))), std::max(1, int(std::lround(image.rows * s))));
  cv::Mat out;
  cv::resize(image, out, size, 0, 0, cv::INTER_AREA);
  return out;
}

infer::FloatImage scaledToFit(const infer::FloatImage& rgb, int maxSide) {
  if (maxSide <= 0 || std::max(rgb.width, rgb.height) <= maxSide) return rgb;
  infer::FloatImage out;
  for (int c = 0; c < rgb.channels; ++c) {
    const cv::Mat plane = scaledToFit(cv::Mat(rgb.height, rgb.width, CV_32F, const_cast<float*>(rgb.plane(c))), maxSide);
    if (out.empty()) out = infer::FloatImage(plane.cols, plane.rows, rgb.channels);
    std::copy_n(plane.ptr<float>(), out.planeSize(), out.plane(c));
  }
  return out;
}

}  // namespace drbn::image
