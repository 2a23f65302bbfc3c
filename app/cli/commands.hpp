// The subcommand table's entry points. To add a subcommand: write
// app/cli/<name>_command.cpp with `int run_<name>(int argc, char** argv)`
// (argv[1] is the subcommand), declare it here, add one line to the table in
// cli.cpp and the file to backstep_cli in app/CMakeLists.txt.
#pragma once

namespace backstep::cli {

int run_train(int argc, char** argv);
int run_grad(int argc, char** argv);
int run_gradcheck(int argc, char** argv);
int run_export_pytorch(int argc, char** argv);
int run_evaluate(int argc, char** argv);
int run_trace(int argc, char** argv);
int run_graph(int argc, char** argv);
int run_bench(int argc, char** argv);

}  // namespace backstep::cli
