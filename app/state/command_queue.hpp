// Panels never mutate the session: they push commands here, and the frame
// loop drains the queue through apply() once per frame.
#pragma once

#include <utility>
#include <vector>

#include "core/commands.hpp"

namespace backstep {

class CommandQueue {
 public:
  void push(Command c) { pending_.push_back(std::move(c)); }
  bool empty() const { return pending_.empty(); }
  // Moves the pending commands out (the queue keeps its capacity).
  void drain_into(std::vector<Command>& out) {
    out.clear();
    std::swap(out, pending_);
  }

 private:
  std::vector<Command> pending_;
};

}  // namespace backstep
