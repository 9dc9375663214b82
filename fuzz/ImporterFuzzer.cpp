// libFuzzer target for one importer (CLOUDCOST_FUZZ_IMPORTER names it; see fuzz/CMakeLists.txt).
// The input is written to an anonymous in-memory file and imported into a sink that discards
// everything; the importer must return a value or an Error, never crash, hang or leak.
#include "pricing/Importer.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <sys/mman.h>
#include <unistd.h>

namespace {

using namespace cloudcost;
using namespace cloudcost::pricing;

class NullSink : public ImportSink
{
public:
    Status addOffer(const Offer&) override { return {}; }
    Status addSpec(const InstanceSpec&) override { return {}; }
    Status addSpotPrice(const SpotPricePoint&) override { return {}; }
    Status addSpotAdvice(const SpotAdvice&) override { return {}; }
    Status addRate(const Rate&) override { return {}; }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const ImporterInfo* importer = findImporter(CLOUDCOST_FUZZ_IMPORTER);
    if (!importer) {
        std::abort();
    }
    const int fd = memfd_create("fuzz-input", 0);
    if (fd < 0) {
        return 0;
    }
    std::size_t written = 0;
    while (written < size) {
        const ssize_t n = ::write(fd, data + written, size - written);
        if (n <= 0) {
            ::close(fd);
            return 0;
        }
        written += static_cast<std::size_t>(n);
    }
    const std::string_view head(reinterpret_cast<const char*>(data),
                                std::min<std::size_t>(size, 65536));
    (void)importer->sniff(head, "fuzz-input");
    ImportRequest request;
    request.path = "/proc/self/fd/" + std::to_string(fd);
    request.displayName = "fuzz-input";
    request.params = {{"provider", "aws"},
                      {"RegionId", "cn-hangzhou"},
                      {"InstanceType", "ecs.g6.large"}};
    NullSink sink;
    (void)importer->run(request, sink);
    ::close(fd);
    return 0;
}
