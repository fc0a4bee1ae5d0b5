// The ObjectStore helpers every implementation shares: whole listings and the clean-up of
// stale multipart uploads, both built on the virtual primitives.
#include "objectstore/object_store.hpp"

#include <utility>

namespace reelhouse::objectstore {

Result<std::vector<ObjectInfo>> ObjectStore::list_all(std::string_view prefix) {
  std::vector<ObjectInfo> objects;
  ListOptions options{.prefix = std::string(prefix)};
  while (true) {
    ListPage page = TRY(list_page(options));
    for (ObjectInfo& object : page.objects) objects.push_back(std::move(object));
    if (!page.next_token) break;
    if (options.continuation_token == page.next_token) {
      return make_error(ErrorCode::internal,
                        "listing {} under \"{}\": the store returned the same continuation "
                        "token twice; stopping instead of looping forever",
                        describe(), prefix);
    }
    options.continuation_token = std::move(page.next_token);
  }
  return objects;
}

Result<int> ObjectStore::abort_stale_multipart_uploads(
    std::string_view prefix, std::chrono::system_clock::time_point initiated_before) {
  const std::vector<PendingUpload> uploads = TRY(list_multipart_uploads(prefix));
  int aborted = 0;
  for (const PendingUpload& upload : uploads) {
    if (upload.initiated >= initiated_before) continue;
    Result<> result = abort_multipart_upload(upload.key, upload.upload_id);
    if (result) {
      ++aborted;
    } else if (result.error().code != ErrorCode::not_found) {
      return std::unexpected(result.error());
    }
  }
  return aborted;
}

}  // namespace reelhouse::objectstore
