// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/image/containercheck.h"

#include "core/image/imagefile.h"
#include "core/io/numbers.h"

#include <algorithm>
#include <array>
#include <cstdlib>

namespace drbn::image {
namespace {

uint32_t bigEndian(std::string_view b, size_t at, int bytes) {
  uint32_t v = 0;
  for (int i = 0; i < bytes; ++i) v = v << 8 | uint8_t(b[at + size_t(i)]);
  return v;
}

ImageError damaged(const std::string& path, const std::string& detail) {
  return ImageError(ImageError::Kind::Damaged, path, detail);
}

void checkSize(const std::string& path, uint32_t width, uint32_t height) {
  if (width == 0 || height == 0) throw damaged(path, "the header claims an empty image");
  if (int64_t(width) * height > maxPixels())
    throw ImageError(ImageError::Kind::TooLarge, path,
                     std::to_string(width) + "x" + std::to_string(height) + " pixels is more than this photo limit of " +
                         std::to_string(maxPixels() / 1000000) + " MP (DRBN_MAX_MEGAPIXELS raises it)");
}

void checkJpeg(const std::string& path, std::string_view b) {
  const ImageError truncated = damaged(path, "truncated JPEG (the file ends before its last image data)");
  size_t at = 2;  // after SOI
  bool sized = false;
  for (;;) {
    if (at + 1 >= b.size()) throw truncated;
    if (uint8_t(b[at]) != 0xFF) throw damaged(path, "damaged JPEG (no marker where one belongs)");
    while (at < b.size() && uint8_t(b[at]) == 0xFF) ++at;  // fill bytes
    if (at >= b.size()) throw truncated;
    const uint8_t marker = uint8_t(b[at++]);
    if (marker == 0xD9) break;                                // end of image
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // no length
    if (at + 2 > b.size()) throw truncated;
    const uint32_t length = bigEndian(b, at, 2);
    if (length < 2 || at + length > b.size()) throw truncated;
    // Start of frame (not DHT C4, JPG C8, DAC CC): precision, height, width.
    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC && length >= 7) {
      checkSize(path, bigEndian(b, at + 5, 2), bigEndian(b, at + 3, 2));
      sized = true;
    }
    at += length;
    if (marker == 0xDA) {  // entropy-coded data up to the next marker other than RSTn or a stuffed 0xFF00
      for (;;) {
        if (at + 1 >= b.size()) throw truncated;
        if (uint8_t(b[at]) == 0xFF) {
          const uint8_t next = uint8_t(b[at + 1]);
          if (next != 0x00 && next != 0xFF && !(next >= 0xD0 && next <= 0xD7)) break;
          at += next == 0xFF ? 1 : 2;
          continue;
        }
        ++at;
      }
    }
  }
  if (!sized) throw damaged(path, "damaged JPEG (no frame header)");
}

uint32_t crc32(std::string_view data) {
  static const auto table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (char ch : data) c = table[(c ^ uint8_t(ch)) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void checkPng(const std::string& path, std::string_view b) {
  size_t at = 8;  // after the signature
  bool header = false;
  for (;;) {
    if (at + 12 > b.size()) throw damaged(path, "truncated PNG (the file ends before its IEND chunk)");
    const uint32_t length = bigEndian(b, at, 4);
    if (length > b.size() - at - 12) throw damaged(path, "truncated PNG (the file ends inside a chunk)");
    const std::string_view typeAndData = b.substr(at + 4, 4 + size_t(length));
    const std::string type(typeAndData.substr(0, 4));
    if (crc32(typeAndData) != bigEndian(b, at + 8 + length, 4))
      throw damaged(path, "damaged PNG (checksum error in its " + type + " chunk)");
    if (type == "IHDR" && length >= 8) {
      checkSize(path, bigEndian(b, at + 8, 4), bigEndian(b, at + 12, 4));
      header = true;
    }
    if (type == "IEND") break;
    at += 12 + size_t(length);
  }
  if (!header) throw damaged(path, "damaged PNG (no IHDR chunk)");
}

}  // namespace

bool hasImageSignature(std::string_view b) {
  using namespace std::string_view_literals;
  auto at = [&b](size_t offset, std::string_view signature) {
    return b.substr(std::min(offset, b.size())).substr(0, signature.size()) == signature;
  };
  const bool pnm = b.size() >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6';
  const bool tiff = at(0, "II*\0"sv) || at(0, "MM\0*"sv) || at(0, "II+\0"sv) || at(0, "MM\0+"sv);  // and BigTIFF
  return at(0, "\xFF\xD8\xFF"sv) || at(0, "\x89PNG\r\n\x1A\n"sv) || tiff ||
         (at(0, "RIFF"sv) && at(8, "WEBP"sv)) || at(0, "BM"sv) || pnm;
}

ImageError notAnImage(const std::string& path) {
  return ImageError(ImageError::Kind::NotAnImage, path, "not an image (no JPEG, PNG, TIFF, WebP, BMP or PNM signature)");
}

int64_t maxPixels() {
  static const int64_t limit = [] {
    const char* env = std::getenv("DRBN_MAX_MEGAPIXELS");
    int64_t megapixels = 200;
    if (int64_t parsed = 0; env && io::parseNumber(env, parsed) && parsed > 0 && parsed < (int64_t(1) << 40))
      megapixels = parsed;
    return megapixels * 1000000;
  }();
  return limit;
}

void checkContainer(const std::string& path, std::string_view bytes) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == std::string_view("\xFF\xD8\xFF", 3)) checkJpeg(path, bytes);
  else if (bytes.size() >= 8 && bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1A\n", 8)) checkPng(path, bytes);
}

}  // namespace drbn::image
