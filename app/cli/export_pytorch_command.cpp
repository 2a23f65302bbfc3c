// `backstep export-pytorch`: the network as a self-contained PyTorch script
// (formats/pytorch_export.hpp), on stdout or atomically into --out.
#include <iostream>

#include "app/cli/args.hpp"
#include "app/cli/assets.hpp"
#include "app/cli/commands.hpp"
#include "formats/file_io.hpp"
#include "formats/model_io.hpp"
#include "formats/preset_io.hpp"
#include "formats/pytorch_export.hpp"
#include "formats/session_io.hpp"

namespace backstep::cli {
namespace {

constexpr FlagSpec kFlags[] = {
    {"--model", "M.json", "the network (backstep-model/1)"},
    {"--preset", "NAME", "or a preset's network"},
    {"--session", "S.json", "or the network of a session file (backstep-session/1)"},
    {"--out", "model.py", "write the script there (atomically) instead of stdout"},
};

struct Network {
  Mlp net;
  std::string source;
  FeatureScaling scaling;  // the training set's, for imported data
};

// The network named by exactly one of --model, --preset, --session, with the
// input scaling it was trained with (a model's "input_scaling", a session's
// data scaling).
Result<Network> load_network(const Args& args) {
  const int given = args.has("--model") + args.has("--preset") + args.has("--session");
  if (given != 1) return Error{"give exactly one of --model, --preset, --session"};
  if (const auto path = args.get("--model")) {
    Result<ModelFile> m = read_model(*path);
    if (!m) return m.error();
    return Network{std::move(m.value().net), *path, m.value().data_info.scaling};
  }
  if (const auto name = args.get("--preset")) {
    Result<Preset> p = load_preset(presets_dir(), *name);
    if (!p) return p.error();
    return Network{preset_network(p.value()), "preset " + *name, {}};
  }
  const std::string path = *args.get("--session");
  Result<SessionFile> s = read_session(path);
  if (!s) return s.error();
  Session& session = s.value().session;
  return Network{std::move(session.net), path, session.data.scaling};
}

}  // namespace

int run_export_pytorch(int argc, char** argv) {
  Result<Args> args = parse_args(argc, argv, 2, kFlags);
  if (!args) return fail(kExitUsage, args.error().message);
  if (args.value().help) {
    std::cout << format_help(
        "backstep export-pytorch (--model M.json | --preset NAME | --session S.json) "
        "[--out model.py]",
        "Prints a self-contained PyTorch script (float64) that builds the same network\n"
        "(nn.Linear layers and activations) with the same weights. `python3 model.py D.json`\n"
        "prints its outputs for a data file, one sample a line; `from model import build`\n"
        "gives the nn.Module. A network trained on imported data applies the training\n"
        "set's input scaling first (x' = (x - SHIFT) / SCALE), so it reads the file's units.\n"
        "Needs PyTorch (Debian: python3-torch).",
        kFlags);
    return kExitOk;
  }
  Result<Network> net = load_network(args.value());
  if (!net) return fail(kExitUsage, net.error().message);
  const std::string script =
      pytorch_script(net.value().net, net.value().source, net.value().scaling);
  if (const auto out = args.value().get("--out")) {
    if (Status st = write_file_atomic(*out, script); !st)
      return fail(kExitRuntime, st.error().message);
    return kExitOk;
  }
  std::cout << script;
  std::cout.flush();
  return std::cout ? kExitOk : kExitRuntime;
}

}  // namespace backstep::cli
