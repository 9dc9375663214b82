// Every third-party sample sheet in ../shared/data/{aws,azure,gcp,alibaba,multicloud} goes through
// detection and a real workspace import: it is stored with the expected format, or refused with
// a clear reason and nothing stored.
#include "pricing/Workspace.h"

#include <catch2/catch.hpp>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::pricing;

TEST_CASE("Every sample sheet imports with its format or is refused with a reason",
          "[catalog][samples]")
{
    // file, expected format or "" when refused, text the result must contain, param
    const auto [file,
                format,
                expected,
                param] = GENERATE(table<std::string, std::string, std::string, std::string>({
        {"aws/offer-file-json/AmazonEC2_us-east-1_v20240528203522_excerpt.json",
         "aws-offer-json",
         "",
         ""},
        {"aws/offer-file-json/AmazonEC2_cn-northwest-1_v20230314154740_excerpt.json",
         "aws-offer-json",
         "",
         ""},
        {"aws/pricing-api-getproducts/GetProducts_PriceListItem_m5.large_us-east-1_2021.json",
         "aws-getproducts",
         "",
         ""},
        {"aws/price-list-csv/comprehend_ap-south-1_v20260116160258_part1.csv",
         "aws-offer-csv",
         "",
         ""},
        {"aws/savings-plans/AWSDatabaseSavingsPlans_ap-south-2_v20260422194203_RDS-ES-DMS-rows.csv",
         "aws-savings-plan-csv",
         "",
         ""},
        {"aws/describe-instance-types/describe-instance-types_25_instances.json",
         "aws-instance-types",
         "",
         ""},
        {"aws/describe-instance-types/describe-instance-types_g2_group.json",
         "aws-instance-types",
         "",
         ""},
        {"aws/spot-price-history/describe-spot-price-history_m5.large_us-east-1_2021-02.json",
         "aws-spot-price-history",
         "",
         ""},
        {"aws/spot-advisor/spot-advisor-data_2025-06.json", "aws-spot-advisor", "", ""},
        {"aws/offer-index/offers_v1.0_aws_index.json", "", "not a price sheet", ""},
        {"aws/offer-index/comprehend_region_index.json", "", "not a price sheet", ""},
        {"aws/offer-index/AWSDatabaseSavingsPlans_region_index.json", "", "not a price sheet", ""},
        {"azure/retail-prices_items_unfiltered-first1000_2026-08-22.json",
         "azure-retail-prices",
         "",
         ""},
        {"azure/reference/finops-toolkit_PricingUnits.csv", "", "not a price sheet", ""},
        {"azure/reference/finops-toolkit_Regions.csv", "", "not a price sheet", ""},
        {"gcp/cloudbilling-skus/compute-engine_skus_page_opencost-fixture_2023-08.json",
         "gcp-billing-skus",
         "",
         ""},
        {"gcp/compute-machine-types/machineTypes_list_zone-us-central1-a_libcloud-fixture.json",
         "gcp-machine-types",
         "",
         ""},
        {"alibaba/ecs_DescribePrice_response_doc-example_en.json", "", "pass --param RegionId", ""},
        {"alibaba/ecs_DescribePrice_response_doc-example_en.json",
         "alibaba-describe-price",
         "",
         "RegionId=cn-hangzhou;InstanceType=ecs.g6.large;PriceUnit=Year;Period=1"},
        {"alibaba/ecs_DescribeRenewalPrice_response_doc-example_en.json",
         "alibaba-describe-price",
         "",
         "RegionId=cn-hangzhou;InstanceType=ecs.g6.large;PriceUnit=Year;Period=1"},
        {"alibaba/ecs_DescribeSpotPriceHistory_response_doc-example_en.json",
         "alibaba-spot-price-history",
         "",
         ""},
        {"alibaba/ecs_DescribeSpotAdvice_response_doc-example_en.json",
         "alibaba-spot-advice",
         "",
         ""},
        {"alibaba/ecs_DescribeInstanceTypes_response_doc-example_en_2021-05.json",
         "alibaba-instance-types",
         "",
         ""},
        {"alibaba/ecs_DescribeAvailableResource_response_doc-example_en.json",
         "",
         "not a price sheet",
         ""},
        {"multicloud/skypilot-format/aws_vms_skypilot-catalog-v7_a1-family_excerpt.csv",
         "skypilot-vms-csv",
         "",
         ""},
        {"multicloud/skypilot-format/azure_vms_2026-05-20.csv", "skypilot-vms-csv", "", ""},
        {"multicloud/skypilot-format/gcp_vms_2026-05-20.csv", "skypilot-vms-csv", "", ""},
        {"multicloud/skypilot-format/lambda_vms_2026-05-20.csv", "skypilot-vms-csv", "", ""},
        {"multicloud/skypilot-format/vast_vms_2026-05-20.csv", "skypilot-vms-csv", "", ""},
        {"multicloud/ec2instances-info/ec2_single_instance_x2iedn.32xlarge_2026-07.json",
         "ec2instances-info",
         "",
         ""},
    }));
    INFO(file);
    const auto dir = testing::makeTempDir("samples");
    auto ws = Workspace::open(dir / "w.db");
    REQUIRE(ws);
    ImportOptions options;
    if (!param.empty()) {
        for (auto kv : {param}) {
            std::size_t start = 0;
            while (start < kv.size()) {
                auto end = kv.find(';', start);
                if (end == std::string::npos) {
                    end = kv.size();
                }
                const auto item = kv.substr(start, end - start);
                const auto eq = item.find('=');
                options.params[item.substr(0, eq)] = item.substr(eq + 1);
                start = end + 1;
            }
        }
    }
    auto report = ws->importFile(testing::sharedData(file), options);
    if (format.empty()) {
        REQUIRE_FALSE(report);
        CHECK_THAT(report.error().describe(), Catch::Matchers::Contains(expected));
        auto sources = ws->sources();
        REQUIRE(sources);
        CHECK(sources->empty());
    } else {
        REQUIRE(report);
        CHECK(report->source.format == format);
        const auto& s = report->source.stats;
        CHECK(s.offersStored + s.specsStored + s.spotPricesStored + s.spotAdviceStored
                  + s.ratesStored
              > 0);
        CHECK(report->source.sha256.size() == 64);
    }
    std::filesystem::remove_all(dir);
}
