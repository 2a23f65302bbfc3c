#include "app/automation/gui_options.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <string_view>

#include "app/panels/panel_list.hpp"
#include "formats/data_import.hpp"
#include "formats/model_io.hpp"
#include "formats/preset_data.hpp"
#include "formats/preset_io.hpp"

namespace backstep {

namespace {

template <class T>
bool parse_number(std::string_view s, T& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

// "1600x900" → (1600, 900).
bool parse_size(std::string_view s, int& w, int& h) {
  const std::size_t x = s.find('x');
  return x != std::string_view::npos && parse_number(s.substr(0, x), w) &&
         parse_number(s.substr(x + 1), h);
}

}  // namespace

Result<GuiOptions> parse_gui_options(int argc, char** argv) {
  GuiOptions o;
  bool preset_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    auto value = [&]() -> Result<std::string> {
      if (i + 1 >= argc) return Error{std::string(flag) + " needs a value"};
      return std::string(argv[++i]);
    };
    Result<std::string> v = std::string();
    if (flag == "--show-health") {  // a switch: no value
      o.show_health = true;
      continue;
    }
    if (flag == "--show-help") {  // a switch: the help window (F1) open from the start
      o.show_help = true;
      continue;
    }
    if (flag == "--report-frame-times") {  // a switch: frame-time statistics on exit
      o.report_frame_times = true;
      continue;
    }
    if (flag == "--presenter" || flag == "--report-layout") {  // switches
      (flag == "--presenter" ? o.presenter : o.report_layout) = true;
      continue;
    }
    if (flag == "--live-pointer") {  // a switch: automated runs still take the mouse
      o.live_pointer = true;
      continue;
    }
    if (flag == "--lesson-autoplay") {  // a switch: run the lesson's answers, then exit
      o.lesson_autoplay = true;
      continue;
    }
    if (flag == "--lesson" || flag == "--lesson-page") {
      v = value();
      if (!v) return v.error();
      if (flag == "--lesson") {
        o.lesson = v.value();
      } else if (!parse_number(v.value(), o.lesson_page) || o.lesson_page < 1) {
        return Error{"--lesson-page needs a page number ≥ 1, got '" + v.value() + "'"};
      }
      continue;
    }
    if (flag == "--preset" || flag == "--model" || flag == "--data" || flag == "--frames" ||
        flag == "--screenshot" || flag == "--screenshot-panel" || flag == "--script" ||
        flag == "--scale" || flag == "--size" || flag == "--lang" || flag == "--theme" ||
        flag == "--quit-after" || flag == "--image" || flag == "--target" ||
        flag == "--test-share") {
      v = value();
      if (!v) return v.error();
    } else {
      return Error{
          "unknown option '" + std::string(flag) +
          "' (try --preset, --model, --data, --frames, --screenshot, "
          "--screenshot-panel, --script, --scale, --size, --lang, --theme, --presenter, "
          "--show-health, --show-help, --report-frame-times, --report-layout, --live-pointer, "
          "--quit-after, --image, --target, --test-share; "
          "`backstep --help` lists "
          "everything)"};
    }
    const std::string& s = v.value();
    if (flag == "--preset") {
      o.preset = s;
      preset_given = true;
    } else if (flag == "--model") {
      o.model_path = s;
    } else if (flag == "--data") {
      o.data_path = s;
    } else if (flag == "--image") {
      if (!parse_size(s, o.data_image.width, o.data_image.height) || o.data_image.width < 1 ||
          o.data_image.height < 1)
        return Error{"--image needs WxH with positive integers, e.g. 8x8, got '" + s + "'"};
    } else if (flag == "--target") {
      if (s.empty()) return Error{"--target needs a column name or number"};
      o.data_target = s;
    } else if (flag == "--test-share") {
      if (!parse_number(s, o.data_test_share) || !(o.data_test_share >= 0.0) ||
          o.data_test_share > 0.9)
        return Error{"--test-share needs a number in 0 … 0.9, got '" + s + "'"};
    } else if (flag == "--frames") {
      if (!parse_number(s, o.frames) || o.frames < 1)
        return Error{"--frames needs a positive whole number, got '" + s + "'"};
    } else if (flag == "--screenshot") {
      if (s.empty()) return Error{"--screenshot needs a file name"};
      o.screenshot_path = s;
    } else if (flag == "--screenshot-panel") {
      if (!is_panel_name(s))
        return Error{"--screenshot-panel: unknown panel '" + s + "' (" + panel_name_list() + ")"};
      o.screenshot_panel = s;
    } else if (flag == "--script") {
      o.script_path = s;
    } else if (flag == "--scale") {
      // from_chars for float: accepts "1.5"; rejects "1.5x".
      if (!parse_number(s, o.scale) || !std::isfinite(o.scale) || o.scale < kMinUiScale ||
          o.scale > kMaxUiScale)
        return Error{"--scale needs a number in [1, 3], got '" + s + "'"};
      o.scale_given = true;
    } else if (flag == "--lang") {
      Result<Language> l = parse_language(s);
      if (!l) return Error{"--lang: " + l.error().message};
      o.language = l.value();
    } else if (flag == "--theme") {
      Result<Theme> t = parse_theme(s);
      if (!t) return Error{"--theme: " + t.error().message};
      o.theme = t.value();
    } else if (flag == "--quit-after") {
      if (!parse_number(s, o.quit_after) || !std::isfinite(o.quit_after) || o.quit_after <= 0.0 ||
          o.quit_after > 86400.0)
        return Error{"--quit-after needs seconds in (0, 86400], got '" + s + "'"};
    } else if (flag == "--size") {
      if (!parse_size(s, o.width, o.height) || o.width < 320 || o.height < 240 || o.width > 8192 ||
          o.height > 8192)
        return Error{"--size needs WxH with 320 ≤ W, 240 ≤ H, both ≤ 8192, got '" + s + "'"};
    }
  }
  o.preset_given = preset_given;
  if (!o.screenshot_panel.empty() && o.screenshot_path.empty())
    return Error{"--screenshot-panel needs --screenshot out.png (the file it writes)"};
  if (o.lesson_autoplay && o.lesson.empty()) return Error{"--lesson-autoplay needs --lesson NAME"};
  if (preset_given && !o.model_path.empty())
    return Error{"--preset and --model exclude each other"};
  return o;
}

Result<GuiStart> prepare_gui_start(const GuiOptions& o, const std::filesystem::path& presets_dir) {
  Result<Preset> preset = load_preset(presets_dir, o.preset);
  if (!preset) return preset.error();
  ImportSpec spec;
  spec.path = o.data_path;
  spec.target = o.data_target;
  spec.test_share = o.data_test_share;
  spec.image = o.data_image;
  // Every --data goes through the importer, as on the command line: a CSV
  // as people write it (a header, a class column of names) loads, with its
  // inputs standardized. The shape-only reader refused iris.csv in the
  // window ("setosa" is not a number) while `backstep train` took it.
  const bool import = !o.data_path.empty();
  if (!import && (o.data_image.is_image() || !o.data_target.empty() || o.data_test_share > 0))
    return Error{"--image, --target and --test-share need --data"};
  // A data preset's network is made for its data: --data replaces that data
  // inside the preset's own load (formats/preset_data), never after it.
  const bool preset_reads_data = preset.value().data && o.model_path.empty();
  Result<LoadPreset> command =
      preset_command(std::move(preset).value(),
                     preset_reads_data && import ? std::optional<ImportSpec>(spec) : std::nullopt);
  if (!command) return command.error();
  Result<Session> made =
      make_session(command.value().preset, command.value().data ? &*command.value().data : nullptr);
  if (!made) return made.error();
  GuiStart start{std::move(made).value(), std::nullopt, std::nullopt};
  Session& s = start.session;

  std::optional<ModelFile> model;
  if (!o.model_path.empty()) {
    Result<ModelFile> m = read_model(o.model_path);
    if (!m) return m.error();
    model = std::move(m).value();
  }
  const Mlp& net = model ? model->net : s.net;
  // A data preset's data was read with the preset (above); else --data here.
  std::optional<DataSplit> data;
  if (!preset_reads_data && import) {
    // A model's own weights read the data as it is, as on the command line.
    if (model) spec.scaling = ScalingMode::none;
    Result<LoadDataset> cmd = import_dataset(spec, net);
    if (!cmd) return cmd.error();
    spec = cmd.value().spec;
    data = std::move(cmd.value().data);
  }
  if (model) {
    if (Status r = apply(
            s, LoadModel{model->net, std::move(data), o.data_path, import ? spec : ImportSpec{}});
        !r)
      return Error{o.model_path + ": " + r.error().message};
    if (model->regularization.kind != RegularizationKind::none) {
      if (Status r =
              apply(s, SetRegularization{model->regularization.kind, model->regularization.lambda});
          !r)
        return Error{o.model_path + ": " + r.error().message};
    }
    s.name = std::filesystem::path(o.model_path).filename().string();
  } else if (data) {
    if (Status r =
            apply(s, LoadDataset{std::move(*data), o.data_path, import ? spec : ImportSpec{}});
        !r)
      return Error{o.data_path + ": " + r.error().message};
  }
  s.message.clear();
  s.message_is_error = false;

  if (!o.script_path.empty()) {
    Result<Script> script = read_script(o.script_path, presets_dir);
    if (!script) return script.error();
    start.script = std::move(script).value();
  }
  if (!o.lesson.empty()) {
    Result<Lesson> lesson =
        load_lesson(presets_dir.parent_path() / "lessons", o.lesson, presets_dir);
    if (!lesson) return lesson.error();
    if (o.lesson_page > static_cast<int>(lesson.value().pages.size()))
      return Error{"--lesson-page " + std::to_string(o.lesson_page) + ": " + o.lesson + " has " +
                   std::to_string(lesson.value().pages.size()) + " pages"};
    start.lesson = std::move(lesson).value();
  }
  return start;
}

}  // namespace backstep
