#include "pricing/importers/AwsLocations.h"
#include "pricing/importers/AwsOfferModel.h"

#include <catch2/catch.hpp>

#include <string>

using namespace cloudcost::pricing::aws;

TEST_CASE("Price-list location names map to AWS region codes", "[pricing][aws][awsoffer]")
{
    const auto [location, code] = GENERATE(table<std::string, std::string>({
        {"US East (N. Virginia)", "us-east-1"},
        {"US West (Oregon)", "us-west-2"},
        {"EU (Frankfurt)", "eu-central-1"},
        {"Europe (Frankfurt)", "eu-central-1"},
        {"EU (Spain)", "eu-south-2"},
        {"Asia Pacific (Mumbai)", "ap-south-1"},
        {"Asia Pacific (Osaka-Local)", "ap-northeast-3"},
        {"South America (Sao Paulo)", "sa-east-1"},
        {"Canada West (Calgary)", "ca-west-1"},
        {"Mexico (Central)", "mx-central-1"},
        {"AWS GovCloud (US-West)", "us-gov-west-1"},
        {"AWS GovCloud (US-East)", "us-gov-east-1"},
        {"China (Beijing)", "cn-north-1"},
        {"China (Ningxia)", "cn-northwest-1"},
    }));
    INFO(location);
    CHECK(regionForLocation(location) == code);
    CHECK(resolveRegion("", location, "AWS Region", "").region == code);
}

TEST_CASE("Local Zones resolve by name or usage type and are never guessed",
          "[pricing][aws][awsoffer]")
{
    CHECK(regionForLocation("US West (Los Angeles)").empty()); // a Local Zone, not a Region
    CHECK(resolveRegion("", "US West (Los Angeles)", "AWS Local Zone", "").region
          == "us-west-2-lax-1");
    CHECK(
        resolveRegion("", "US West (Somewhere)", "AWS Local Zone", "BOS1-BoxUsage:c5.large").region
        == "us-east-1-bos-1");
    const auto unknown = resolveRegion("", "US East (Atlantis)", "AWS Local Zone", "X-BoxUsage");
    CHECK(unknown.region.empty());
    CHECK(unknown.reason
          == "location 'US East (Atlantis)' (AWS Local Zone) has no regionCode and no known "
             "region code");
    // regionCode wins whenever it is there.
    CHECK(resolveRegion("us-east-1-bos-1", "US East (Boston)", "AWS Local Zone", "").region
          == "us-east-1-bos-1");
    CHECK(resolveRegion("", "", "", "").reason == "product has neither regionCode nor location");
    const auto wavelength =
        resolveRegion("", "US East (Verizon) - Boston", "AWS Wavelength Zone", "");
    CHECK(wavelength.region.empty());
    CHECK_THAT(wavelength.reason, Catch::Matchers::Contains("US East (Verizon) - Boston"));
}

TEST_CASE("Lease lengths are read in the spellings AWS uses", "[pricing][aws][awsoffer]")
{
    CHECK(leaseMonths("1yr") == 12);
    CHECK(leaseMonths("3yr") == 36);
    CHECK(leaseMonths("1 yr") == 12);
    CHECK(leaseMonths("3 year") == 36);
    CHECK(leaseMonths("3 years") == 36);
    CHECK(leaseMonths("3 months") == 0);
    CHECK(leaseMonths("forever") == 0);
    CHECK(leaseMonths("") == 0);
}

TEST_CASE("CSV headers and JSON keys name the same attributes", "[pricing][aws][awsoffer]")
{
    CHECK(attrFromCsvHeader("Instance Type") == Attr::InstanceType);
    CHECK(attrFromJsonKey("instanceType") == Attr::InstanceType);
    CHECK(attrFromCsvHeader("vCPU") == Attr::Vcpu);
    CHECK(attrFromCsvHeader("Pre Installed S/W") == Attr::PreInstalledSw);
    CHECK(attrFromJsonKey("preInstalledSw") == Attr::PreInstalledSw);
    CHECK(attrFromCsvHeader("CapacityStatus") == Attr::CapacityStatus);
    CHECK(attrFromCsvHeader("MarketOption") == Attr::MarketOption);
    CHECK(attrFromCsvHeader("Region Code") == Attr::RegionCode);
    CHECK(attrFromCsvHeader("GPU Memory") == Attr::GpuMemory);
    CHECK(attrFromJsonKey("gpuMemory") == Attr::GpuMemory);
    CHECK(attrFromJsonKey("storage") == Attr::Count);
    CHECK(attrFromJsonKey("InstanceType") == Attr::Count); // JSON keys are exact
}
