// Whole-window timings of the catalog view (issue #3): time to the first page of offers and to
// the view updated after each filter change, on the offscreen platform, for a workspace given on
// the command line and, in the same process, for a baseline workspace (the built-in catalog):
//
//   bench_gui BIG.db [BASELINE.db] [--repeat 5]
//
// A filter change is timed from the widget's change to the view's `refreshed` signal (the query
// on the worker thread, the model reset and the status line), with the typing debounce skipped
// (it is a deliberate pause for the typist, 200 ms, not work). Prints the median of the repeats
// and the ratio to the baseline; peak RSS from getrusage. No assertion: docs/PERFORMANCE.md.
#include "pricing/Workspace.h"
#include "ui/CatalogView.h"
#include "ui/MainWindow.h"
#include "ui/models/OffersModel.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <sys/resource.h>

using namespace cloudcost;

namespace {

struct Step
{
    const char* name;
    std::function<void(ui::CatalogView&)> apply;
};

template <class W>
W* widget(ui::CatalogView& v, const char* name)
{
    auto* w = v.findChild<W*>(QString::fromLatin1(name));
    if (!w) {
        std::fprintf(stderr, "bench_gui: no widget %s\n", name);
        std::exit(1);
    }
    return w;
}

void choose(ui::CatalogView& v, const char* name, const char* data)
{
    auto* box = widget<QComboBox>(v, name);
    box->setCurrentIndex(box->findData(QString::fromLatin1(data)));
}

void type(ui::CatalogView& v, const char* name, const char* text)
{
    widget<QLineEdit>(v, name)->setText(QString::fromLatin1(text));
    v.refresh(); // skip the debounce (see the file comment)
}

void spin(ui::CatalogView& v, const char* name, double value)
{
    widget<QDoubleSpinBox>(v, name)->setValue(value);
    v.refresh();
}

void clearAll(ui::CatalogView& v)
{
    for (const char* n : {"filter-providers", "filter-regions", "filter-instance", "filter-os"}) {
        widget<QLineEdit>(v, n)->clear();
    }
    for (const char* n : {"filter-arch", "filter-purchase", "filter-tenancy"}) {
        widget<QComboBox>(v, n)->setCurrentIndex(0);
    }
    for (const char* n : {"filter-min-vcpus", "filter-min-memory", "filter-max-hourly"}) {
        widget<QDoubleSpinBox>(v, n)->setValue(0);
    }
}

const std::vector<Step>& steps()
{
    static const std::vector<Step> s = {
        {"arch arm64",
         [](ui::CatalogView& v) {
             choose(v, "filter-arch", "arm64");
         }},
        {"arch arm64 + spot",
         [](ui::CatalogView& v) {
             choose(v, "filter-arch", "arm64");
             choose(v, "filter-purchase", "spot");
         }},
        {"purchase reserved",
         [](ui::CatalogView& v) {
             choose(v, "filter-purchase", "reserved");
         }},
        {"min 8 vCPU, 32 GiB",
         [](ui::CatalogView& v) {
             widget<QDoubleSpinBox>(v, "filter-min-vcpus")->setValue(8);
             spin(v, "filter-min-memory", 32);
         }},
        {"provider gcp",
         [](ui::CatalogView& v) {
             type(v, "filter-providers", "gcp");
         }},
        {"os windows",
         [](ui::CatalogView& v) {
             type(v, "filter-os", "windows");
         }},
        {"instance regex ^m",
         [](ui::CatalogView& v) {
             type(v, "filter-instance", "^m");
         }},
    };
    return s;
}

// Waits for the view to be idle; returns ms since `since` when it refreshed.
double waitRefreshed(ui::CatalogView& v, const QElapsedTimer& since, bool& refreshed)
{
    if (!QTest::qWaitFor([&] { return refreshed && !v.isUpdating(); }, 600000)) {
        std::fprintf(stderr, "bench_gui: the view did not refresh\n");
        std::exit(1);
    }
    return static_cast<double>(since.nsecsElapsed()) / 1e6;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

struct Timings
{
    double firstPage = 0;
    std::vector<double> steps;
    std::vector<int> rows;
};

Timings measure(const std::string& path, int repeat)
{
    Timings t;
    QElapsedTimer open;
    open.start();
    auto ws = pricing::Workspace::open(path);
    if (!ws) {
        std::fprintf(stderr, "bench_gui: %s: %s\n", path.c_str(), ws.error().message.c_str());
        std::exit(1);
    }
    ui::MainWindow window(std::make_unique<pricing::Workspace>(std::move(*ws)));
    auto& view = *window.catalogView();
    bool refreshed = false;
    QObject::connect(&view, &ui::CatalogView::refreshed, [&] { refreshed = true; });
    window.show();
    t.firstPage = waitRefreshed(view, open, refreshed);
    for (const auto& step : steps()) {
        std::vector<double> runs;
        int rows = 0;
        for (int i = 0; i < repeat; ++i) {
            clearAll(view);
            view.refresh();
            refreshed = false;
            QElapsedTimer idle;
            idle.start();
            waitRefreshed(view, idle, refreshed);
            refreshed = false;
            QElapsedTimer timer;
            timer.start();
            step.apply(view);
            runs.push_back(waitRefreshed(view, timer, refreshed));
            rows = view.model()->rowCount();
        }
        t.steps.push_back(median(runs));
        t.rows.push_back(rows);
    }
    return t;
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("cloudcost-bench"));
    std::vector<std::string> paths;
    int repeat = 5;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            repeat = std::max(1, std::atoi(argv[++i]));
        } else {
            paths.emplace_back(argv[i]);
        }
    }
    if (paths.empty() || paths.size() > 2) {
        std::fprintf(stderr, "usage: bench_gui BIG.db [BASELINE.db] [--repeat 5]\n");
        return 2;
    }
    std::vector<Timings> all;
    for (auto it = paths.rbegin(); it != paths.rend(); ++it) { // the baseline first
        all.push_back(measure(*it, repeat));
    }
    std::reverse(all.begin(), all.end());
    const bool hasBase = all.size() == 2;
    std::printf("%-22s %12s %8s%s\n",
                "catalog view",
                "median ms",
                "rows",
                hasBase ? "  baseline ms  ratio" : "");
    auto line = [&](const char* name, double v, int rows, double base) {
        std::printf("%-22s %12.1f %8d", name, v, rows);
        if (hasBase) {
            std::printf("  %11.1f  %5.2f", base, base > 0 ? v / base : 0.0);
        }
        std::printf("\n");
    };
    line("first page", all[0].firstPage, -1, hasBase ? all[1].firstPage : 0);
    for (std::size_t i = 0; i < steps().size(); ++i) {
        line(steps()[i].name, all[0].steps[i], all[0].rows[i], hasBase ? all[1].steps[i] : 0);
    }
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::printf("peak RSS %ld MB (both windows, this process)\n", ru.ru_maxrss / 1024);
    return 0;
}
