#include "fetch/sha256.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <new>
#include <vector>

namespace reelhouse::fetch {

namespace {

constexpr size_t k_read_block_size = 1 << 20;

void check_openssl(int status) {
  // EVP digest calls only fail on allocation failure or a broken OpenSSL: both fatal.
  if (status != 1) throw std::bad_alloc();
}

}  // namespace

void Sha256::ContextDeleter::operator()(evp_md_ctx_st* context) const {
  EVP_MD_CTX_free(context);
}

Sha256::Sha256() : m_context(EVP_MD_CTX_new()) {
  if (!m_context) throw std::bad_alloc();
  reset();
}

Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;
Sha256::~Sha256() = default;

void Sha256::update(std::string_view data) {
  check_openssl(EVP_DigestUpdate(m_context.get(), data.data(), data.size()));
  m_byte_count += data.size();
}

std::string Sha256::hex_digest() const {
  // Finalise a copy so the running state stays usable.
  std::unique_ptr<evp_md_ctx_st, ContextDeleter> copy(EVP_MD_CTX_new());
  if (!copy) throw std::bad_alloc();
  check_openssl(EVP_MD_CTX_copy_ex(copy.get(), m_context.get()));
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_length = 0;
  check_openssl(EVP_DigestFinal_ex(copy.get(), digest.data(), &digest_length));
  static constexpr char k_hex_digits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(digest_length * 2);
  for (unsigned int byte_index = 0; byte_index < digest_length; ++byte_index) {
    hex += k_hex_digits[digest[byte_index] >> 4];
    hex += k_hex_digits[digest[byte_index] & 0x0f];
  }
  return hex;
}

void Sha256::reset() {
  check_openssl(EVP_DigestInit_ex(m_context.get(), EVP_sha256(), nullptr));
  m_byte_count = 0;
}

std::string sha256_hex(std::string_view data) {
  Sha256 hasher;
  hasher.update(data);
  return hasher.hex_digest();
}

Result<std::string> sha256_file(const std::filesystem::path& path) {
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) {
    const ErrorCode code = errno == ENOENT ? ErrorCode::not_found : ErrorCode::io;
    return make_error(code, "cannot open {}: {}", path.string(), std::strerror(errno));
  }
  Sha256 hasher;
  std::vector<char> block(k_read_block_size);
  while (true) {
    const ssize_t read_count = ::read(descriptor, block.data(), block.size());
    if (read_count == 0) break;
    if (read_count < 0) {
      if (errno == EINTR) continue;
      const int error_number = errno;
      ::close(descriptor);
      return make_error(ErrorCode::io, "cannot read {}: {}", path.string(),
                        std::strerror(error_number));
    }
    hasher.update(std::string_view(block.data(), static_cast<size_t>(read_count)));
  }
  ::close(descriptor);
  return hasher.hex_digest();
}

}  // namespace reelhouse::fetch
