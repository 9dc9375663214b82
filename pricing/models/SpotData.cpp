#include "pricing/models/SpotData.h"

#include "common/Sqlite.h"

namespace cloudcost::pricing {

namespace {

// Empty filter fields match everything: "(?1 = '' OR provider = ?1)".
constexpr const char* kFilterSql = " (?1 = '' OR t.provider = ?1)"
                                   " AND (?2 = '' OR t.region = ?2)"
                                   " AND t.instance_type = ?3";

void bindFilter(sql::Statement& q, const SpotDataFilter& f)
{
    q.bind(1, f.provider).bind(2, f.region).bind(3, f.instanceType).bind(4, f.os).bind(5, f.zone);
}

Status requireInstanceType(const SpotDataFilter& f)
{
    if (f.instanceType.empty()) {
        return makeError(Error::Code::InvalidInput,
                         "an instance type is needed to read spot data",
                         "spot data filter");
    }
    return {};
}

} // namespace

Result<std::vector<StoredSpotPrice>> loadSpotPrices(Workspace& ws, const SpotDataFilter& filter)
{
    if (auto st = requireInstanceType(filter); !st) {
        return st.error();
    }
    auto q = ws.database().prepare(
        std::string("SELECT t.provider, t.region, t.zone, t.instance_type, t.os, t.ts, t.hourly,"
                    " t.on_demand_hourly, t.currency, t.source_id, s.name"
                    " FROM spot_prices t JOIN sources s ON s.id = t.source_id WHERE")
        + kFilterSql
        + " AND (?4 = '' OR t.os = ?4) AND (?5 = '' OR t.zone = ?5)"
          " ORDER BY t.provider, t.region, t.os, t.zone, t.ts, t.id");
    if (!q) {
        return q.error();
    }
    bindFilter(*q, filter);
    std::vector<StoredSpotPrice> out;
    for (;;) {
        auto row = q->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        StoredSpotPrice s;
        auto& p = s.point;
        p.provider = q->text(0);
        p.region = q->text(1);
        p.zone = q->text(2);
        p.instanceType = q->text(3);
        p.os = q->text(4);
        p.timestamp = q->text(5);
        p.hourly = q->real(6);
        p.onDemandHourly = q->optReal(7);
        p.currency = q->text(8);
        s.sourceId = q->int64(9);
        s.sourceName = q->text(10);
        out.push_back(std::move(s));
    }
    return out;
}

Result<std::vector<StoredSpotAdvice>> loadSpotAdvice(Workspace& ws, const SpotDataFilter& filter)
{
    if (auto st = requireInstanceType(filter); !st) {
        return st.error();
    }
    auto q = ws.database().prepare(
        std::string("SELECT t.provider, t.region, t.zone, t.os, t.instance_type, t.savings_pct,"
                    " t.interruption_pct, t.bucket, t.bucket_max_pct, t.source_id, s.name"
                    " FROM spot_advice t JOIN sources s ON s.id = t.source_id WHERE")
        + kFilterSql
        + " AND (?4 = '' OR t.os = ?4 OR t.os = '') AND (?5 = '' OR t.zone = ?5 OR t.zone = '')"
          " ORDER BY t.provider, t.region, t.os, t.zone, t.id");
    if (!q) {
        return q.error();
    }
    bindFilter(*q, filter);
    std::vector<StoredSpotAdvice> out;
    for (;;) {
        auto row = q->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        StoredSpotAdvice s;
        auto& a = s.advice;
        a.provider = q->text(0);
        a.region = q->text(1);
        a.zone = q->text(2);
        a.os = q->text(3);
        a.instanceType = q->text(4);
        a.savingsPct = q->optReal(5);
        a.interruptionPct = q->optReal(6);
        a.interruptionBucket = q->text(7);
        a.interruptionMaxPct = q->optReal(8);
        s.sourceId = q->int64(9);
        s.sourceName = q->text(10);
        out.push_back(std::move(s));
    }
    return out;
}

Result<std::vector<SpotDataAvailability>> spotDataAvailability(Workspace& ws,
                                                               const std::string& instanceType)
{
    auto q = ws.database().prepare(
        "SELECT provider, region, os, SUM(prices), SUM(advice) FROM ("
        " SELECT provider, region, os, 1 AS prices, 0 AS advice FROM spot_prices"
        "  WHERE ?1 = '' OR instance_type = ?1"
        " UNION ALL"
        " SELECT provider, region, os, 0, 1 FROM spot_advice WHERE ?1 = '' OR instance_type = ?1)"
        " GROUP BY provider, region, os ORDER BY provider, region, os");
    if (!q) {
        return q.error();
    }
    q->bind(1, instanceType);
    std::vector<SpotDataAvailability> out;
    for (;;) {
        auto row = q->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        out.push_back(
            SpotDataAvailability{q->text(0), q->text(1), q->text(2), q->int64(3), q->int64(4)});
    }
    return out;
}

} // namespace cloudcost::pricing
