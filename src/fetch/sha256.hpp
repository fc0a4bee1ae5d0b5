// Sha256: a streaming SHA-256 hasher (OpenSSL EVP), so a file is hashed while it is copied or
// downloaded instead of being read a second time.
//
// Feed bytes with update(), read the lowercase hex digest with hex_digest(). reset() starts
// over (used when a download restarts from byte zero). Move-only; owns its EVP_MD_CTX.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"

struct evp_md_ctx_st;

namespace reelhouse::fetch {

class Sha256 {
 public:
  // Throws std::bad_alloc when OpenSSL cannot allocate a context (a fatal error).
  Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  ~Sha256();

  // Adds `data` to the hashed stream.
  void update(std::string_view data);

  // The digest of everything fed since construction or the last reset(), as 64 lowercase
  // hex characters. Does not disturb the running state: more updates may follow.
  std::string hex_digest() const;

  // Number of bytes fed since construction or the last reset().
  uint64_t byte_count() const { return m_byte_count; }

  // Forgets everything fed so far.
  void reset();

 private:
  struct ContextDeleter {
    void operator()(evp_md_ctx_st* context) const;
  };
  std::unique_ptr<evp_md_ctx_st, ContextDeleter> m_context;
  uint64_t m_byte_count = 0;
};

// SHA-256 of `data` as lowercase hex.
std::string sha256_hex(std::string_view data);

// SHA-256 of the whole file at `path` as lowercase hex, read in large blocks.
// Errors: not_found when the file is missing, io otherwise; both name the path.
Result<std::string> sha256_file(const std::filesystem::path& path);

}  // namespace reelhouse::fetch
