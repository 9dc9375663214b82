#include "common/Text.h"
#include "pricing/ImportSupport.h"
#include "pricing/OfferSql.h"
#include "pricing/Workspace.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace cloudcost::pricing {

namespace detail {

namespace {
void inList(WhereClause& w, const char* column, const std::vector<std::string>& values)
{
    if (values.empty()) {
        return;
    }
    w.sql += std::string(" AND ") + column + " IN (";
    for (std::size_t i = 0; i < values.size(); ++i) {
        w.sql += i ? ",?" : "?";
        w.values.emplace_back(values[i]);
    }
    w.sql += ")";
}

void bound(WhereClause& w, const char* condition, const std::optional<double>& v)
{
    if (v) {
        w.sql += std::string(" AND ") + condition;
        w.values.emplace_back(*v);
    }
}
} // namespace

WhereClause offerWhere(const OfferQuery& q, bool osIndexable)
{
    WhereClause w;
    w.sql = "1=1";
    inList(w, "o.provider", q.providers);
    inList(w, "o.region", q.regions);
    inList(w, "o.instance_type", q.instanceTypes);
    inList(w, osIndexable ? "o.os" : "+o.os", q.os);
    inList(w, "o.arch", q.archs);
    inList(w, "o.tenancy", q.tenancies);
    if (!q.purchaseOptions.empty()) {
        std::vector<std::string> names;
        for (auto p : q.purchaseOptions) {
            names.emplace_back(toString(p));
        }
        inList(w, "o.purchase_option", names);
    }
    if (q.termMonths) {
        w.sql += " AND o.term_months = ?";
        w.values.emplace_back(static_cast<std::int64_t>(*q.termMonths));
    }
    if (q.paymentOption) {
        w.sql += " AND o.payment_option = ?";
        w.values.emplace_back(std::string(toString(*q.paymentOption)));
    }
    if (!q.licenseModel.empty()) {
        w.sql += " AND o.license_model = ?";
        w.values.emplace_back(q.licenseModel);
    }
    bound(w, "o.vcpus >= ?", q.minVcpus);
    bound(w, "o.vcpus <= ?", q.maxVcpus);
    bound(w, "o.memory_gib >= ?", q.minMemoryGib);
    bound(w, "o.memory_gib <= ?", q.maxMemoryGib);
    if (q.minGpus) {
        w.sql += " AND COALESCE(o.gpus, 0) >= ?";
        w.values.emplace_back(*q.minGpus);
    }
    if (q.maxGpus) {
        w.sql += " AND COALESCE(o.gpus, 0) <= ?";
        w.values.emplace_back(*q.maxGpus);
    }
    if (!q.gpuModel.empty()) {
        w.sql += " AND o.gpu_model LIKE ?";
        w.values.emplace_back("%" + q.gpuModel + "%");
    }
    if (!q.includeSpecialClasses) {
        w.sql += " AND o.offering_class NOT IN ('devtest', 'low_priority')";
    }
    if (!q.instanceRegex.empty()) {
        w.sql += " AND regexp(?, o.instance_type)";
        w.values.emplace_back(q.instanceRegex);
    }
    return w;
}

void bindAll(sql::Statement& st, const std::vector<SqlValue>& values, int first)
{
    int i = first;
    for (const auto& v : values) {
        std::visit([&](const auto& x) { st.bind(i, x); }, v);
        ++i;
    }
}

} // namespace detail

Result<double>
Workspace::factorTo(const std::string& from, const std::string& to, std::vector<FxRate>& used)
{
    if (from == to) {
        return 1.0;
    }
    auto path = conversionPath(from, to);
    if (!path) {
        return path.error();
    }
    double factor = 1.0;
    std::string at = from;
    for (const auto& r : *path) {
        if (r.base == at) {
            factor *= r.rate;
            at = r.quote;
        } else {
            factor /= r.rate;
            at = r.base;
        }
        used.push_back(r);
    }
    return factor;
}

namespace {

// One row of the offers SELECT below (column order fixed there), with report-currency amounts.
OfferRow readOfferRow(sql::Statement& st,
                      const OfferQuery& q,
                      bool convert,
                      const std::map<std::string, double>& factors)
{
    OfferRow r;
    auto& o = r.offer;
    r.id = st.int64(0);
    o.provider = st.text(1);
    o.service = st.text(2);
    o.region = st.text(3);
    o.zone = st.text(4);
    o.instanceType = st.text(5);
    o.vcpus = st.optReal(6);
    o.memoryGib = st.optReal(7);
    o.gpus = st.optReal(8);
    o.gpuModel = st.text(9);
    o.gpuMemoryGib = st.optReal(10);
    o.arch = st.text(11);
    o.os = st.text(12);
    o.licenseModel = st.text(13);
    o.preinstalledSoftware = st.text(14);
    o.tenancy = st.text(15);
    o.purchaseOption = parsePurchaseOption(st.textView(16)).value_or(PurchaseOption::OnDemand);
    o.termMonths = static_cast<int>(st.int64(17));
    o.paymentOption = parsePaymentOption(st.textView(18)).value_or(PaymentOption::None);
    o.offeringClass = st.text(19);
    o.hourly = st.real(20);
    o.upfront = st.real(21);
    r.effectiveHourly = st.real(22);
    o.currency = st.text(23);
    o.effectiveDate = st.text(24);
    o.sku = st.text(25);
    r.sourceName = st.text(26);
    r.sourcePublishedAt = st.text(27);
    r.builtin = st.int64(28) != 0;
    double factor = 1.0;
    if (convert) {
        factor = factors.count(o.currency) ? factors.at(o.currency) : 1.0;
        r.reportCurrency = q.currency;
    } else {
        r.reportCurrency = o.currency;
    }
    r.reportHourly = o.hourly * factor;
    r.reportUpfront = o.upfront * factor;
    r.reportEffectiveHourly = r.effectiveHourly * factor;
    return r;
}

// Every (provider, region) pair that has offers, restricted to the query's provider and region
// lists: a skip scan over offers_region_price, two seeks per pair.
Result<std::vector<std::pair<std::string, std::string>>> providerRegions(sql::Database& db,
                                                                         const OfferQuery& q)
{
    auto sameProvider = db.prepare("SELECT region FROM offers WHERE provider = ? AND region > ?"
                                   " ORDER BY provider, region LIMIT 1");
    auto nextProvider = db.prepare("SELECT provider, region FROM offers WHERE provider > ?"
                                   " ORDER BY provider, region LIMIT 1");
    if (!sameProvider) {
        return sameProvider.error();
    }
    if (!nextProvider) {
        return nextProvider.error();
    }
    auto wanted = [](const std::vector<std::string>& list, const std::string& v) {
        return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
    };
    std::vector<std::pair<std::string, std::string>> out;
    std::string provider;
    std::string region;
    bool started = false;
    for (;;) {
        bool found = false;
        if (started) {
            sameProvider->reset();
            sameProvider->bind(1, provider);
            sameProvider->bind(2, region);
            auto row = sameProvider->step();
            if (!row) {
                return row.error();
            }
            if (*row) {
                region = sameProvider->text(0);
                found = true;
            }
        }
        if (!found) {
            nextProvider->reset();
            nextProvider->bind(1, started ? provider : std::string());
            auto row = nextProvider->step();
            if (!row) {
                return row.error();
            }
            if (!*row) {
                break;
            }
            provider = nextProvider->text(0);
            region = nextProvider->text(1);
        }
        started = true;
        if (wanted(q.providers, provider) && wanted(q.regions, region)) {
            out.emplace_back(provider, region);
        }
    }
    return out;
}

} // namespace

Result<OfferPage> Workspace::queryOffers(const OfferQuery& q)
{
    if (!q.currency.empty() && !isKnownCurrency(q.currency)) {
        return makeError(Error::Code::InvalidInput, "unknown currency '" + q.currency + "'");
    }
    if (!q.instanceRegex.empty()) {
        auto check = m_db.prepare("SELECT regexp(?, '')");
        if (!check) {
            return check.error();
        }
        check->bind(1, q.instanceRegex);
        if (auto r = check->step(); !r) {
            return makeError(Error::Code::InvalidInput,
                             "invalid --instance-regex '" + q.instanceRegex + "'");
        }
    }
    OfferPage page;
    // Which currencies could appear (an index scan), and the factor for each.
    std::map<std::string, double> factors;
    {
        // A skip scan over the currency index: one seek per currency instead of a pass over
        // every offer (SELECT DISTINCT reads the whole index: 0.2 s at 5 million offers).
        auto cur =
            m_db.prepare("WITH RECURSIVE c(x) AS (SELECT MIN(currency) FROM offers UNION ALL"
                         " SELECT (SELECT MIN(currency) FROM offers WHERE currency > c.x) FROM c"
                         " WHERE c.x IS NOT NULL) SELECT x FROM c WHERE x IS NOT NULL");
        if (!cur) {
            return cur.error();
        }
        for (;;) {
            auto row = cur->step();
            if (!row) {
                return row.error();
            }
            if (!*row) {
                break;
            }
            factors[cur->text(0)] = 1.0;
        }
    }
    const bool convert = !q.currency.empty();
    const bool mixed = factors.size() > 1;
    std::string factorSql = "1.0";
    if (convert) {
        factorSql = "CASE o.currency";
        for (auto& [currency, factor] : factors) {
            if (currency == q.currency) {
                continue;
            }
            std::vector<FxRate> used;
            auto f = factorTo(currency, q.currency, used);
            if (!f) {
                // Only an error if such offers actually match.
                OfferQuery probe = q;
                auto where = detail::offerWhere(probe);
                auto any = m_db.prepare("SELECT 1 FROM offers o WHERE " + where.sql
                                        + " AND o.currency = ? LIMIT 1");
                if (!any) {
                    return any.error();
                }
                detail::bindAll(*any, where.values);
                any->bind(static_cast<int>(where.values.size()) + 1, currency);
                auto hit = any->step();
                if (!hit) {
                    return hit.error();
                }
                if (*hit) {
                    return f.error();
                }
                factor = std::nan("");
                continue;
            }
            factor = *f;
            for (auto& r : used) {
                bool seen = false;
                for (const auto& u : page.ratesUsed) {
                    seen = seen || (u.base == r.base && u.quote == r.quote && u.asOf == r.asOf);
                }
                if (!seen) {
                    page.ratesUsed.push_back(r);
                }
            }
        }
        if (mixed) {
            for (const auto& [currency, factor] : factors) {
                if (currency != q.currency && !std::isnan(factor)) {
                    factorSql += " WHEN '" + currency + "' THEN " + std::to_string(factor);
                }
            }
            factorSql += " ELSE 1.0 END";
        } else {
            factorSql = std::to_string(factors.empty() ? 1.0 : factors.begin()->second);
        }
    } else if (mixed) {
        page.notes.push_back("offers in several currencies: amounts are in each offer's own "
                             "currency and sorted as such; pass --currency to convert");
    }

    // Which index the price-ordered walk of a limited query takes (see the comment below).
    enum class Walk
    {
        Planner,
        PriceIndex,
        RareOs,
        Large
    };
    Walk walk = Walk::Planner;
    // One conversion factor for every row: ORDER BY stays on an indexed column.
    const bool oneFactor = !mixed || !convert;
    if (q.limit > 0 && !q.cheapestPerRegion && q.sort == OfferQuery::Sort::EffectiveHourly
        && oneFactor && q.regions.empty() && q.instanceTypes.empty()) {
        // Counts at most kCommon index entries: ≈ 5 ms at 5 million offers.
        constexpr int kCommon = 50000;
        auto rare = [&](const char* column,
                        const std::vector<std::string>& values) -> Result<bool> {
            detail::WhereClause pw;
            pw.sql = "1=1";
            detail::inList(pw, column, values);
            auto probe = m_db.prepare("SELECT count(*) FROM (SELECT 1 FROM offers WHERE " + pw.sql
                                      + " LIMIT " + std::to_string(kCommon) + ")");
            if (!probe) {
                return probe.error();
            }
            detail::bindAll(*probe, pw.values);
            auto row = probe->step();
            if (!row) {
                return row.error();
            }
            return *row && probe->int64(0) < kCommon;
        };
        auto osRare = q.os.empty() ? Result<bool>(false) : rare("os", q.os);
        if (!osRare) {
            return osRare.error();
        }
        auto providerRare =
            q.providers.empty() ? Result<bool>(false) : rare("provider", q.providers);
        if (!providerRare) {
            return providerRare.error();
        }
        if (*osRare) {
            walk = Walk::RareOs;
        } else if (*providerRare) {
            walk = Walk::Planner; // the region index finds the provider's few offers
        } else if (q.minVcpus && *q.minVcpus >= 8) {
            walk = Walk::Large;
        } else if (!q.providers.empty()) {
            walk = Walk::PriceIndex;
        }
    }
    auto where = detail::offerWhere(q, walk == Walk::RareOs);
    std::string sql =
        "SELECT o.id, o.provider, o.service, o.region, o.zone, o.instance_type, o.vcpus,"
        " o.memory_gib, o.gpus, o.gpu_model, o.gpu_memory_gib, o.arch, o.os, o.license_model,"
        " o.preinstalled_software, o.tenancy, o.purchase_option, o.term_months, o.payment_option,"
        " o.offering_class, o.hourly, o.upfront, o.effective_hourly, o.currency,"
        " o.effective_date, o.sku, s.name, s.published_at, s.builtin"
        " FROM offers o JOIN sources s ON s.id = o.source_id WHERE "
        + where.sql;
    if (q.maxEffectiveHourly) {
        sql += oneFactor ? " AND o.effective_hourly * " + factorSql + " <= ?"
                         : " AND o.effective_hourly * (" + factorSql + ") <= ?";
        where.values.emplace_back(*q.maxEffectiveHourly);
    }
    const char* dir = q.descending ? " DESC" : "";
    // A single factor keeps ORDER BY on an indexed column, so LIMIT stops early.
    const std::string f = oneFactor ? std::string() : " * (" + factorSql + ")";

    auto readRows = [&](sql::Statement& st) -> Status {
        for (;;) {
            auto row = st.step();
            if (!row) {
                return row.error();
            }
            if (!*row) {
                return {};
            }
            page.rows.push_back(readOfferRow(st, q, convert, factors));
        }
    };

    if (q.cheapestPerRegion && oneFactor) {
        // One indexed lookup per provider and region (offers_region_price walks each region's
        // offers in price order, testing vCPU and memory in the index, and stops at the first
        // match) instead of grouping every matching offer: 16 s -> see docs/PERFORMANCE.md.
        auto regions = providerRegions(m_db, q);
        if (!regions) {
            return regions.error();
        }
        auto st = m_db.prepare(sql + " AND o.provider = ? AND o.region = ?"
                               + " ORDER BY o.effective_hourly, o.id LIMIT 1");
        if (!st) {
            return st.error();
        }
        const int first = static_cast<int>(where.values.size()) + 1;
        for (const auto& [provider, region] : *regions) {
            st->reset();
            detail::bindAll(*st, where.values);
            st->bind(first, provider);
            st->bind(first + 1, region);
            if (auto done = readRows(*st); !done) {
                return done.error();
            }
        }
        std::stable_sort(page.rows.begin(),
                         page.rows.end(),
                         [&](const OfferRow& a, const OfferRow& b) {
                             return q.descending
                                        ? a.reportEffectiveHourly > b.reportEffectiveHourly
                                        : a.reportEffectiveHourly < b.reportEffectiveHourly;
                         });
        if (q.limit > 0 && page.rows.size() > q.limit) {
            page.rows.resize(q.limit);
        }
        return page;
    }
    if (q.cheapestPerRegion) {
        // SQLite takes the bare columns of an aggregate query from the row holding the MIN().
        const auto select = sql.find(" FROM offers o");
        sql.insert(select, ", MIN(o.effective_hourly" + f + ") AS cheapest");
        sql += " GROUP BY o.provider, o.region";
        sql += std::string(" ORDER BY cheapest") + dir;
    } else {
        std::string order;
        switch (q.sort) {
        case OfferQuery::Sort::EffectiveHourly:
            order = " ORDER BY o.effective_hourly" + f + dir;
            break;
        case OfferQuery::Sort::PerVcpu:
            sql += " AND o.per_vcpu IS NOT NULL";
            order = " ORDER BY o.per_vcpu" + f + dir;
            break;
        case OfferQuery::Sort::PerGib:
            sql += " AND o.per_gib IS NOT NULL";
            order = " ORDER BY o.per_gib" + f + dir;
            break;
        case OfferQuery::Sort::InstanceType:
            order = std::string(" ORDER BY o.instance_type") + dir + ", o.effective_hourly";
            break;
        }
        order += ", o.id";
        if (q.limit > 0) {
            // Choose the ids first, from the covering price indexes alone (migration 3), then
            // read only the rows returned: a sort over a region's offers or a filter the walk
            // rejects no longer reads each offer row (docs/PERFORMANCE.md).
            const auto at = sql.find(" WHERE ");
            const std::string select = sql.substr(0, at);
            const std::string filter = sql.substr(at);
            // The walk (chosen above from ≤ 50,000-entry probes; docs/PERFORMANCE.md):
            // - a rare OS (743 Windows offers of 5 million) seeks offers_os(os, price): a price
            //   walk would read the whole index to find them (0.4 s);
            // - a rare provider: SQLite's own choice, its offers through the region index;
            // - 8 vCPUs or more: the partial price index of the large shapes, so the walk does
            //   not step over every cheaper small offer first (the literal term lets SQLite
            //   use the partial index; the bound minimum still applies);
            // - a common provider: the price index, not a sort of all that provider's offers
            //   (845,000 of 5 million: 0.23 s against 0.03 s).
            std::string hint;
            std::string extra;
            switch (walk) {
            case Walk::Planner:
                break;
            case Walk::PriceIndex:
                hint = " INDEXED BY offers_effective";
                break;
            case Walk::RareOs:
                hint = " INDEXED BY offers_os";
                break;
            case Walk::Large:
                hint = " INDEXED BY offers_large";
                extra = " AND o.vcpus >= 8";
                break;
            }
            sql = select + " WHERE o.id IN (SELECT o.id FROM offers o" + hint + filter + extra
                  + order + " LIMIT " + std::to_string(q.limit) + ")" + order;
        } else {
            sql += order;
        }
    }
    if (q.limit > 0 && q.cheapestPerRegion) {
        sql += " LIMIT " + std::to_string(q.limit);
    }
    auto st = m_db.prepare(sql);
    if (!st) {
        return st.error();
    }
    detail::bindAll(*st, where.values);
    if (auto done = readRows(*st); !done) {
        return done.error();
    }
    return page;
}

Status Workspace::setFxRate(const FxRate& r)
{
    if (!isKnownCurrency(r.base) || !isKnownCurrency(r.quote)) {
        return makeError(Error::Code::InvalidInput,
                         "unknown currency in " + r.base + "/" + r.quote
                             + " (expected ISO 4217 codes such as USD, CNY, EUR)");
    }
    if (r.base == r.quote) {
        return makeError(Error::Code::InvalidInput, "a rate needs two different currencies");
    }
    if (!std::isfinite(r.rate) || r.rate <= 0) {
        return makeError(Error::Code::InvalidInput, "rate must be a positive number");
    }
    if (text::isoDate(r.asOf) != r.asOf) {
        return makeError(Error::Code::InvalidInput,
                         "date '" + r.asOf + "' is not in the form YYYY-MM-DD");
    }
    auto st = m_db.prepare(
        "INSERT OR REPLACE INTO fx_rates(base, quote, rate, as_of, source) VALUES (?,?,?,?,?)");
    if (!st) {
        return st.error();
    }
    st->bind(1, r.base).bind(2, r.quote).bind(3, r.rate).bind(4, r.asOf).bind(5, r.source);
    return st->run();
}

Result<std::vector<FxRate>> Workspace::fxRates()
{
    auto st = m_db.prepare(
        "SELECT base, quote, rate, as_of, source FROM fx_rates ORDER BY base, quote, as_of DESC");
    if (!st) {
        return st.error();
    }
    std::vector<FxRate> out;
    for (;;) {
        auto row = st->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        out.push_back({st->text(0), st->text(1), st->real(2), st->text(3), st->text(4)});
    }
    return out;
}

Result<std::vector<FxRate>> Workspace::conversionPath(const std::string& from,
                                                      const std::string& to)
{
    auto latest = [&](const std::string& a, const std::string& b) -> Result<std::optional<FxRate>> {
        auto st = m_db.prepare(
            "SELECT base, quote, rate, as_of, source FROM fx_rates WHERE (base=? AND quote=?)"
            " OR (base=? AND quote=?) ORDER BY as_of DESC LIMIT 1");
        if (!st) {
            return st.error();
        }
        st->bind(1, a).bind(2, b).bind(3, b).bind(4, a);
        auto row = st->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            return std::optional<FxRate>{};
        }
        return std::optional<FxRate>{
            FxRate{st->text(0), st->text(1), st->real(2), st->text(3), st->text(4)}};
    };
    auto direct = latest(from, to);
    if (!direct) {
        return direct.error();
    }
    if (*direct) {
        return std::vector<FxRate>{**direct};
    }
    if (from != "USD" && to != "USD") {
        auto a = latest(from, "USD");
        auto b = latest("USD", to);
        if (!a) {
            return a.error();
        }
        if (!b) {
            return b.error();
        }
        if (*a && *b) {
            return std::vector<FxRate>{**a, **b};
        }
    }
    return makeError(Error::Code::NotFound,
                     "no exchange rate from " + from + " to " + to
                         + "; add one with `cloudcost fx set " + from + " " + to
                         + " RATE --date YYYY-MM-DD --source TEXT` (a missing rate is never "
                           "taken as 1)");
}

} // namespace cloudcost::pricing
