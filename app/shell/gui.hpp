// The window: `backstep [--preset NAME | --model M.json] [--data D.json] [--frames N]
// [--screenshot out.png [--screenshot-panel NAME]] [--script S.txt] [--scale X] [--size WxH]`.
#pragma once

namespace backstep::gui {

// Exit codes: 0 ok, 1 runtime failure (e.g. a script `expect` failed), 2 bad input.
int run(int argc, char** argv);

}  // namespace backstep::gui
