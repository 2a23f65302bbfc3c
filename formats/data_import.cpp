#include "formats/data_import.hpp"

#include <cmath>
#include <filesystem>

#include "core/holdout.hpp"
#include "formats/csv.hpp"
#include "formats/data_io.hpp"
#include "formats/file_io.hpp"
#include "formats/idx.hpp"
#include "formats/table_data.hpp"

namespace backstep {
namespace {

// One data file's table: CSV or JSON, chosen as read_data does.
Result<TableData> read_table(const std::string& path, const ImportSpec& spec, int default_targets,
                             const std::vector<std::string>* known_classes, FileCheck& check) {
  Result<std::string> text = read_file(path);
  if (!text) return text.error();
  check = {text.value().size(), fnv1a64(text.value())};
  bool csv = path.ends_with(".csv");
  if (!csv && !path.ends_with(".json")) {
    const std::size_t at = text.value().find_first_not_of(" \t\r\n");
    csv = at != std::string::npos && text.value()[at] != '{';
  }
  if (!csv) {
    if (!spec.target.empty()) {
      return Error{path +
                   ": a target column applies to CSV files (a JSON file names its "
                   "\"targets\" or \"labels\")"};
    }
    return json_data(text.value(), path, known_classes);
  }
  Result<CsvTable> table = parse_csv(text.value(), path);
  if (!table) return table.error();
  return table_data(table.value(), spec.target, default_targets, known_classes);
}

// How classes become target rows, decided once for the training file and
// used for the test file too.
struct ClassCoding {
  int classes = 0;      // K; 0: numeric targets
  bool single = false;  // one output for two classes
  double lo = 0.0, hi = 1.0;
};

ClassCoding coding_for(const TableData& d, const Mlp& net) {
  ClassCoding c;
  if (!d.is_classes() || d.t.rows() > 0) return c;  // numeric (possibly named one-hot) targets
  c.classes = static_cast<int>(d.class_names.size());
  const Activation act = net.layer(net.depth()).activation;
  c.single = c.classes == 2 && net.output_size() == 1 &&
             (act == Activation::sigmoid || act == Activation::tanh);
  if (act == Activation::tanh) c.lo = -1.0;
  return c;
}

Dataset encode(TableData& d, const ClassCoding& c) {
  Dataset out;
  out.x = std::move(d.x);
  if (c.classes == 0) {
    out.t = std::move(d.t);
    return out;
  }
  const Eigen::Index n = out.x.cols();
  if (c.single) {
    out.t.resize(1, n);
    for (Eigen::Index i = 0; i < n; ++i) out.t(0, i) = d.labels[i] == 1 ? c.hi : c.lo;
  } else {
    out.t = Matrix::Zero(c.classes, n);
    for (Eigen::Index i = 0; i < n; ++i) out.t(d.labels[static_cast<std::size_t>(i)], i) = 1.0;
  }
  return out;
}

// Each sample's class when numeric targets are classes after all (a 0/1
// column, one-hot rows), so the test split can be stratified; empty when they
// are not (regression: a plain shuffle).
std::vector<int> labels_of_targets(const Matrix& t) {
  std::vector<int> labels;
  const Eigen::Index n = t.cols();
  if (n == 0 || t.rows() == 0) return labels;
  labels.resize(static_cast<std::size_t>(n));
  if (t.rows() == 1) {
    const double lo = t.minCoeff(), hi = t.maxCoeff();
    for (Eigen::Index i = 0; i < n; ++i) {
      if (t(0, i) != lo && t(0, i) != hi) return {};
      labels[static_cast<std::size_t>(i)] = t(0, i) == hi ? 1 : 0;
    }
    return lo == hi ? std::vector<int>{} : labels;
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    Eigen::Index k = 0;
    if (t.col(i).sum() != 1.0 || t.col(i).maxCoeff(&k) != 1.0 || t.col(i).minCoeff() != 0.0) {
      return {};
    }
    labels[static_cast<std::size_t>(i)] = static_cast<int>(k);
  }
  return labels;
}

Status check_spec(const ImportSpec& spec) {
  if (spec.path.empty()) return Error{"no data file given"};
  if (!(spec.test_share >= 0.0 && spec.test_share <= 0.9)) {
    return Error{"test share " + std::to_string(spec.test_share) + " is outside 0 … 0.9"};
  }
  if (!spec.test_path.empty() && spec.test_share > 0.0) {
    return Error{"a test file and a test share: give only one"};
  }
  if ((spec.image.width != 0 || spec.image.height != 0) && !spec.image.is_image()) {
    return Error{"image size " + std::to_string(spec.image.width) + "×" +
                 std::to_string(spec.image.height) + ": both sides must be positive"};
  }
  return Ok{};
}

// Class names for integer labels 0 … K−1: the spec's (a data preset's), or
// the digits themselves.
Result<std::vector<std::string>> idx_class_names(const std::vector<int>& labels,
                                                 const ImportSpec& spec,
                                                 const std::string& labels_path) {
  int top = 0;
  for (int l : labels) top = std::max(top, l);
  const int k = top + 1;
  if (!spec.label_names.empty()) {
    if (static_cast<int>(spec.label_names.size()) < k) {
      return Error{labels_path + ": label " + std::to_string(top) + ", but only " +
                   std::to_string(spec.label_names.size()) + " class names are given"};
    }
    return spec.label_names;
  }
  std::vector<std::string> names;
  for (int i = 0; i < k; ++i) names.push_back(std::to_string(i));
  return names;
}

Matrix one_hot(const std::vector<int>& labels, int classes) {
  Matrix t = Matrix::Zero(classes, static_cast<Eigen::Index>(labels.size()));
  for (std::size_t i = 0; i < labels.size(); ++i) t(labels[i], static_cast<Eigen::Index>(i)) = 1.0;
  return t;
}

// An IDX directory (train + t10k) or an images file with its labels beside
// it; the test part is t10k, spec.test_path's set, or spec.test_share.
Result<LoadDataset> import_idx(const ImportSpec& spec) {
  if (!spec.target.empty()) {
    return Error{spec.path +
                 ": --target applies to CSV files; an IDX set's target is its labels file"};
  }
  std::string train_images = spec.path, train_labels, test_images, test_labels;
  std::error_code ec;
  if (std::filesystem::is_directory(spec.path, ec)) {
    if (!spec.test_path.empty()) {
      return Error{
          spec.path +
          ": a directory brings its own t10k test set; --test-data is for a single images file"};
    }
    Result<IdxDirectory> d = find_idx_directory(spec.path);
    if (!d) return d.error();
    train_images = d.value().train_images;
    train_labels = d.value().train_labels;
    if (spec.test_share == 0.0) {
      test_images = d.value().test_images;
      test_labels = d.value().test_labels;
    }
  } else {
    const std::optional<std::string> l = labels_beside(spec.path);
    if (!l)
      return Error{spec.path +
                   ": no labels file beside it (its name with images → labels, idx3 → idx1)"};
    train_labels = *l;
    if (!spec.test_path.empty()) {
      const std::optional<std::string> tl = labels_beside(spec.test_path);
      if (!tl)
        return Error{spec.test_path +
                     ": no labels file beside it (its name with images → labels, idx3 → idx1)"};
      test_images = spec.test_path;
      test_labels = *tl;
    }
  }

  ImportSpec done = spec;
  Result<IdxSet> train = read_idx_set(train_images, train_labels);
  if (!train) return train.error();
  done.file_check = train.value().check;
  Result<std::vector<std::string>> names =
      idx_class_names(train.value().labels, spec, train_labels);
  if (!names) return names.error();
  const int classes = static_cast<int>(names.value().size());

  DataSplit split;
  split.class_names = names.value();
  split.image = train.value().image;
  if (spec.image.is_image() && !(spec.image == split.image)) {
    return Error{train_images + ": images of " + std::to_string(split.image.width) + "×" +
                 std::to_string(split.image.height) + ", not the " +
                 std::to_string(spec.image.width) + "×" + std::to_string(spec.image.height) +
                 " given"};
  }
  Dataset all;
  all.t = one_hot(train.value().labels, classes);
  all.x = std::move(train.value().x);
  if (!test_images.empty()) {
    Result<IdxSet> test = read_idx_set(test_images, test_labels);
    if (!test) return test.error();
    if (!(test.value().image == split.image)) {
      return Error{test_images + ": images of " + std::to_string(test.value().image.width) + "×" +
                   std::to_string(test.value().image.height) + ", the training images are " +
                   std::to_string(split.image.width) + "×" + std::to_string(split.image.height)};
    }
    for (std::size_t i = 0; i < test.value().labels.size(); ++i) {
      if (test.value().labels[i] >= classes) {
        return Error{test_labels + ": byte " + std::to_string(8 + i) + ": label " +
                     std::to_string(test.value().labels[i]) + ", but the training labels have " +
                     std::to_string(classes) + " classes"};
      }
    }
    done.test_file_check = test.value().check;
    split.test.t = one_hot(test.value().labels, classes);
    split.test.x = std::move(test.value().x);
    split.train = std::move(all);
  } else {
    const std::vector<int> held =
        holdout_indices(train.value().labels, all.count(), spec.test_share, spec.split_seed);
    if (held.empty()) {
      split.train = std::move(all);  // no copy of 60 000 images
    } else {
      split_columns(all, held, split.train, split.test);
    }
  }
  split.scaling = fit_scaling(split.train.x, spec.scaling.value_or(ScalingMode::none));
  apply_scaling(split.scaling, split.train.x);
  apply_scaling(split.scaling, split.test.x);
  split.task = Task::classification;
  LoadDataset command;
  command.data = std::move(split);
  command.source = spec.path;
  command.spec = std::move(done);
  return command;
}

}  // namespace

std::string describe_scaling(ScalingMode mode) {
  switch (mode) {
    case ScalingMode::standardize:
      return "inputs standardized with the training set's mean and s.d.";
    case ScalingMode::minmax:
      return "inputs scaled to [0, 1] with the training set's min and max";
    case ScalingMode::none:
      break;
  }
  return "inputs as in the file";
}

Result<LoadDataset> import_dataset(const ImportSpec& spec, const Mlp& net,
                                   const ModelDataInfo* trained) {
  if (Status st = check_spec(spec); !st) return st.error();

  // IDX image sets (MNIST's format) are read by formats/idx and share the
  // checks and the scaling step below.
  std::error_code ec;
  if (std::filesystem::is_directory(spec.path, ec) || is_idx_name(spec.path)) {
    return import_idx(spec);
  }

  ImportSpec done = spec;
  const std::vector<std::string>* known =
      trained && !trained->class_names.empty() ? &trained->class_names : nullptr;
  Result<TableData> read = read_table(spec.path, spec, net.output_size(), known, done.file_check);
  if (!read) return read.error();
  TableData& train_table = read.value();
  const ClassCoding coding = coding_for(train_table, net);
  std::vector<int> labels = train_table.labels;
  const std::vector<std::string> class_names = train_table.class_names;
  const std::vector<std::string> columns = train_table.columns;
  // Headers only: a file without one has no names to pick a target by.
  if (!columns.empty() && !columns.front().empty()) done.columns = columns;
  Dataset all = encode(train_table, coding);
  if (labels.empty()) labels = labels_of_targets(all.t);

  DataSplit split;
  split.class_names = class_names;
  if (!spec.test_path.empty()) {
    Result<TableData> test =
        read_table(spec.test_path, spec, net.output_size(),
                   coding.classes > 0 ? &class_names : nullptr, done.test_file_check);
    if (!test) return test.error();
    if (!columns.empty() && !columns.front().empty() && test.value().columns != columns) {
      return Error{spec.test_path + ": its columns differ from " + spec.path + "'s"};
    }
    if (test.value().x.rows() != all.x.rows() ||
        (coding.classes == 0 && test.value().t.rows() != all.t.rows())) {
      return Error{spec.test_path + ": " + std::to_string(test.value().x.rows()) + " inputs and " +
                   std::to_string(test.value().t.rows()) + " targets, where " + spec.path +
                   " has " + std::to_string(all.x.rows()) + " and " + std::to_string(all.t.rows())};
    }
    split.train = std::move(all);
    split.test = encode(test.value(), coding);
  } else {
    const std::vector<int> held =
        holdout_indices(labels, all.count(), spec.test_share, spec.split_seed);
    split_columns(all, held, split.train, split.test);
  }

  if (spec.image.is_image() && spec.image.pixels() != split.train.x.rows()) {
    return Error{spec.path + ": image " + std::to_string(spec.image.width) + "×" +
                 std::to_string(spec.image.height) + " is " + std::to_string(spec.image.pixels()) +
                 " pixels, the data has " + std::to_string(split.train.x.rows()) + " inputs"};
  }
  split.image = spec.image;

  // Fitted on the training part only: the test part is scaled with the
  // training set's numbers, as new data would be.
  if (trained && trained->scaling.active()) {
    if (trained->scaling.shift.size() != split.train.x.rows()) {
      return Error{spec.path + ": " + std::to_string(split.train.x.rows()) +
                   " inputs, the model's scaling has " +
                   std::to_string(trained->scaling.shift.size())};
    }
    split.scaling = trained->scaling;  // the training set's, not this file's
  } else {
    split.scaling = fit_scaling(split.train.x, spec.scaling.value_or(ScalingMode::standardize));
  }
  apply_scaling(split.scaling, split.train.x);
  apply_scaling(split.scaling, split.test.x);

  split.task = coding.classes > 0 ? Task::classification
                                  : infer_task(split.train.t, net.layer(net.depth()).activation);
  LoadDataset command;
  command.data = std::move(split);
  command.source = spec.path;
  command.spec = std::move(done);
  return command;
}

}  // namespace backstep
