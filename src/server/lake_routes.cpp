// GET /api/v1/lake?path=… (list a directory, or describe a file) and
// GET /api/v1/lake/download?path=… (a file's bytes), confined to the lake root
// (lake_browser.hpp): malformed → 422, outside the root → 403, missing → 404.
#include <fstream>

#include "server/lake_browser.hpp"
#include "server/server_context.hpp"

namespace reelhouse::server {

namespace {

constexpr size_t k_download_chunk_bytes = 64 << 10;

std::optional<std::filesystem::path> resolve_or_answer(ServerContext& context,
                                                       const httplib::Request& request,
                                                       httplib::Response& response) {
  for (const auto& [name, value] : request.params) {
    if (name != "path") {
      send_error(response, 422, "unknown parameter; accepted: path",
                 validate_text("name", name) ? name : "(invalid name)");
      return std::nullopt;
    }
  }
  auto path = single_param(request.params, "path");
  if (!path) {
    send_error(response, 422, path.error().message, "path");
    return std::nullopt;
  }
  auto resolved = resolve_lake_path(context.options.lake_root, path->value_or(""));
  if (!resolved) {
    const int status = resolved.error().problem == LakePathProblem::malformed      ? 422
                       : resolved.error().problem == LakePathProblem::outside_root ? 403
                                                                                   : 404;
    send_error(response, status, resolved.error().message, "path");
    return std::nullopt;
  }
  return *resolved;
}

std::string content_type_of(const std::filesystem::path& path) {
  const std::string extension = path.extension().string();
  if (extension == ".json" || extension == ".meta") return "application/json";
  if (extension == ".jsonl") return "application/x-ndjson";
  if (extension == ".csv") return "text/csv";
  if (extension == ".tsv") return "text/tab-separated-values";
  if (extension == ".txt" || extension == ".md") return "text/plain; charset=utf-8";
  if (extension == ".gz") return "application/gzip";
  return "application/octet-stream";
}

void list(ServerContext& context, const httplib::Request& request, httplib::Response& response) {
  auto resolved = resolve_or_answer(context, request, response);
  if (!resolved) return;
  const std::string relative = lake_relative(context.options.lake_root, *resolved);
  if (!std::filesystem::is_directory(*resolved)) {
    std::error_code error;
    send_json(response, 200,
              {{"path", relative},
               {"type", "file"},
               {"size", static_cast<int64_t>(std::filesystem::file_size(*resolved, error))},
               {"download",
                "/api/v1/lake/download?path=" + httplib::detail::encode_query_param(relative)}});
    return;
  }
  Json entries = Json::array();
  for (const auto& entry : list_lake_directory(context.options.lake_root, *resolved)) {
    entries.push_back({{"name", entry.name},
                       {"path", entry.path},
                       {"type", entry.is_directory ? "directory" : "file"},
                       {"size", entry.size},
                       {"modified", entry.modified}});
  }
  send_json(response, 200, {{"path", relative}, {"type", "directory"}, {"entries", entries}});
}

void download(ServerContext& context, const httplib::Request& request,
              httplib::Response& response) {
  auto resolved = resolve_or_answer(context, request, response);
  if (!resolved) return;
  if (std::filesystem::is_directory(*resolved)) {
    return send_error(response, 422, "path is a directory; list it with /api/v1/lake", "path");
  }
  auto file = std::make_shared<std::ifstream>(*resolved, std::ios::binary);
  std::error_code error;
  const auto size = std::filesystem::file_size(*resolved, error);
  if (!*file || error) return send_error(response, 404, "cannot read the file", "path");
  response.set_header("Content-Disposition",
                      fmt::format("attachment; filename=\"{}\"", resolved->filename().string()));
  response.set_content_provider(
      size, content_type_of(*resolved),
      [file](size_t offset, size_t length, httplib::DataSink& sink) {
        std::vector<char> buffer(std::min(length, k_download_chunk_bytes));
        file->seekg(static_cast<std::streamoff>(offset));
        file->read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto read = static_cast<size_t>(file->gcount());
        if (read == 0) return false;
        return sink.write(buffer.data(), read);
      });
}

}  // namespace

void register_lake_routes(ServerContext& context) {
  add_route(context, "GET", "/api/v1/lake", "/api/v1/lake",
            [&context](const httplib::Request& request, httplib::Response& response) {
              list(context, request, response);
            });
  add_route(context, "GET", "/api/v1/lake/download", "/api/v1/lake/download",
            [&context](const httplib::Request& request, httplib::Response& response) {
              download(context, request, response);
            });
}

}  // namespace reelhouse::server
