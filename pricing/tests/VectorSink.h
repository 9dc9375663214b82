#pragma once

#include "pricing/ImportSink.h"

#include <vector>

namespace cloudcost::pricing::testing {

// An ImportSink that keeps everything in vectors, for importer tests.
class VectorSink : public ImportSink
{
public:
    Status addOffer(const Offer& o) override
    {
        offers.push_back(o);
        ++m_stats.offersStored;
        return {};
    }
    Status addSpec(const InstanceSpec& s) override
    {
        specs.push_back(s);
        ++m_stats.specsStored;
        return {};
    }
    Status addSpotPrice(const SpotPricePoint& p) override
    {
        spotPrices.push_back(p);
        ++m_stats.spotPricesStored;
        return {};
    }
    Status addSpotAdvice(const SpotAdvice& a) override
    {
        spotAdvice.push_back(a);
        ++m_stats.spotAdviceStored;
        return {};
    }
    Status addRate(const Rate& r) override
    {
        rates.push_back(r);
        ++m_stats.ratesStored;
        return {};
    }

    std::vector<Offer> offers;
    std::vector<InstanceSpec> specs;
    std::vector<SpotPricePoint> spotPrices;
    std::vector<SpotAdvice> spotAdvice;
    std::vector<Rate> rates;
};

} // namespace cloudcost::pricing::testing
