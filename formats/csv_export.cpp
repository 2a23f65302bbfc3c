#include "formats/csv_export.hpp"

#include <cmath>
#include <cstdio>

#include "formats/file_io.hpp"

namespace backstep {
namespace {

// %.17g reads back to the same double; NaN/Inf become an empty cell.
std::string cell(double v) {
  if (!std::isfinite(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

std::string history_to_csv(const LossHistory& history) {
  std::string out = "step,epoch,train_loss,test_loss,accuracy,test_accuracy,batch_loss\n";
  for (const HistoryPoint& p : history.points()) {
    out += std::to_string(p.step) + "," + std::to_string(p.epoch) + "," + cell(p.train_loss) + "," +
           cell(p.test_loss) + "," + cell(p.train_accuracy) + "," + cell(p.test_accuracy) + "," +
           cell(p.batch_loss) + "\n";
  }
  return out;
}

std::string weights_to_csv(const Mlp& net) {
  std::string out = "param,layer,j,k,value\n";
  for (int l = 1; l <= net.depth(); ++l) {
    const DenseLayer& layer = net.layer(l);
    const std::string lj = std::to_string(l) + ",";
    for (Eigen::Index j = 0; j < layer.W.rows(); ++j) {
      for (Eigen::Index k = 0; k < layer.W.cols(); ++k) {
        out += "w," + lj + std::to_string(j) + "," + std::to_string(k) + "," + cell(layer.W(j, k)) +
               "\n";
      }
    }
    for (Eigen::Index j = 0; j < layer.b.size(); ++j) {
      out += "b," + lj + std::to_string(j) + ",," + cell(layer.b(j)) + "\n";
    }
  }
  return out;
}

Status write_history_csv(const std::string& path, const LossHistory& history) {
  return write_file_atomic(path, history_to_csv(history));
}

Status write_weights_csv(const std::string& path, const Mlp& net) {
  return write_file_atomic(path, weights_to_csv(net));
}

}  // namespace backstep
