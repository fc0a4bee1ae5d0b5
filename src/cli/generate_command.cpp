// `reelhouse generate <dataset>`: writes realistic synthetic source data in the exact
// upstream formats, at any scale. Each dataset is a sub-subcommand registered by its own
// function below (`imdb`, `movies`; others follow the same shape).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/table_printer.hpp"
#include "sources/imdb_generator.hpp"
#include "sources/movies_generator.hpp"

namespace reelhouse::cli {

namespace {

void register_generate_imdb(CLI::App& generate, CommandAction& action) {
  struct Arguments {
    sources::ImdbGeneratorOptions options;
    std::string out_dir;
    bool defects = false;
  };
  auto arguments = std::make_shared<Arguments>();
  CLI::App* imdb = generate.add_subcommand(
      "imdb",
      "Write title.basics, title.ratings, title.principals and name.basics (.tsv.gz) in the "
      "exact IMDb format");
  imdb->add_option("--scale", arguments->options.scale,
                   "Size relative to the full IMDb dump (1 = ~12M titles, ~95M principals; "
                   "0.001 = ~12k titles)")
      ->required();
  imdb->add_option("--out", arguments->out_dir, "Directory to write the files into (created)")
      ->required();
  imdb->add_option("--seed", arguments->options.seed,
                   "Random seed; the same seed and scale give the same bytes")
      ->capture_default_str();
  imdb->add_flag("--defects", arguments->defects,
                 "Inject a few known bad rows per file and write defects_manifest.json");
  imdb->callback([arguments, &action] {
    action = [arguments] {
      sources::ImdbGeneratorOptions options = arguments->options;
      options.out_dir = arguments->out_dir;
      options.defects =
          arguments->defects ? sources::DefectInjection::inject : sources::DefectInjection::none;
      const auto summary = sources::generate_imdb(options);
      if (!summary) return report_error(summary.error());
      for (const auto& file : summary->files) {
        fmt::print("{:<24} {:>12} rows  {:>10} gzipped  ({} uncompressed)\n", file.file_name,
                   file.rows, format_bytes(static_cast<int64_t>(file.compressed_bytes)),
                   format_bytes(static_cast<int64_t>(file.uncompressed_bytes)));
      }
      if (summary->manifest) fmt::print("{}\n", summary->manifest->filename().string());
      fmt::print("wrote {} in {:.1f} s (scale {}, seed {})\n", options.out_dir.string(),
                 static_cast<double>(summary->elapsed.count()) / 1000.0, options.scale,
                 options.seed);
      return 0;
    };
  });
}

void register_generate_movies(CLI::App& generate, CommandAction& action) {
  struct Arguments {
    sources::MoviesGeneratorOptions options;
    std::string out_dir;
    bool crlf = false;
  };
  auto arguments = std::make_shared<Arguments>();
  CLI::App* movies = generate.add_subcommand(
      "movies",
      "Write the-movies-dataset.zip (Kaggle's five CSVs with their quirks), a Wikipedia "
      "abstracts dump (.xml.gz), wikipedia_truth.csv and movies_manifest.json");
  movies
      ->add_option("--scale", arguments->options.scale,
                   "Size relative to the real dataset (1 = ~45k films, ~100k ratings, "
                   "~6M pages / ~1 GB gzipped dump; 0.01 = ~450 films)")
      ->required();
  movies->add_option("--out", arguments->out_dir, "Directory to write the files into (created)")
      ->required();
  movies
      ->add_option("--seed", arguments->options.seed,
                   "Random seed; the same seed and scale give the same bytes")
      ->capture_default_str();
  movies->add_flag("--crlf", arguments->crlf, "End CSV records with CRLF instead of LF");
  movies->callback([arguments, &action] {
    action = [arguments] {
      sources::MoviesGeneratorOptions options = arguments->options;
      options.out_dir = arguments->out_dir;
      options.line_ending =
          arguments->crlf ? sources::CsvLineEnding::crlf : sources::CsvLineEnding::lf;
      const auto summary = sources::generate_movies(options);
      if (!summary) return report_error(summary.error());
      for (const auto& file : summary->files) {
        fmt::print("{:<31} {:>10}  {}\n", file.file_name,
                   format_bytes(static_cast<int64_t>(file.bytes)), file.detail);
      }
      fmt::print("wrote {} in {:.1f} s (scale {}, seed {})\n", options.out_dir.string(),
                 static_cast<double>(summary->elapsed.count()) / 1000.0, options.scale,
                 options.seed);
      return 0;
    };
  });
}

}  // namespace

void register_generate_command(CLI::App& app, GlobalOptions& /*global*/, CommandAction& action) {
  CLI::App* generate = app.add_subcommand(
      "generate", "Generate realistic synthetic source data in the upstream formats");
  register_generate_imdb(*generate, action);
  register_generate_movies(*generate, action);
  // Rather than CLI11's bare "A subcommand is required", name the datasets.
  generate->callback([generate, &action] {
    if (!generate->get_subcommands().empty()) return;
    std::vector<std::string> datasets;
    for (const CLI::App* dataset : generate->get_subcommands({})) {
      datasets.push_back(dataset->get_name());
    }
    action = [datasets] {
      return report_error(Error{ErrorCode::invalid_argument,
                                fmt::format("generate needs a dataset: {} (see generate --help)",
                                            fmt::join(datasets, ", "))});
    };
  });
}

}  // namespace reelhouse::cli
