#pragma once

#include <cstdint>
#include <string_view>

namespace cloudcost {

// How long work reports progress and learns it should stop. The CLI adapts it to a progress line on
// stderr, the GUI to signals. Implementations must be cheap: progress() may be called often.
class ProgressSink
{
public:
    virtual ~ProgressSink() = default;
    // done and total are in the same unit (bytes for imports); total may be 0 when unknown.
    virtual void progress(std::uint64_t done, std::uint64_t total) = 0;
    // True once the user asked to stop; the worker then returns Error::Code::Cancelled.
    virtual bool cancelled() const { return false; }
    // A later stage of the work begins (e.g. "building the offer indexes" after an import has
    // read its file); progress() then counts that stage's steps. Empty text: back to the first.
    virtual void stage(std::string_view what) { (void)what; }
};

} // namespace cloudcost
