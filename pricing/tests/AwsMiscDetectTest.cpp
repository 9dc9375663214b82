#include "pricing/Importer.h"
#include "pricing/importers/AwsMisc.h"

#include <catch2/catch.hpp>

#include <fstream>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::pricing;

namespace {

std::string headOf(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::string head(64 << 10, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return head;
}

const auto kSamples = std::vector<std::pair<std::string, std::string>>{
    {"aws/savings-plans/AWSDatabaseSavingsPlans_ap-south-2_v20260422194203_RDS-ES-DMS-rows.csv",
     "aws-savings-plan-csv"},
    {"aws/describe-instance-types/describe-instance-types_25_instances.json", "aws-instance-types"},
    {"aws/describe-instance-types/describe-instance-types_g2_group.json", "aws-instance-types"},
    {"aws/spot-price-history/describe-spot-price-history_m5.large_us-east-1_2021-02.json",
     "aws-spot-price-history"},
    {"aws/spot-advisor/spot-advisor-data_2025-06.json", "aws-spot-advisor"},
    {"aws/offer-index/offers_v1.0_aws_index.json", "aws-offer-index"},
    {"aws/offer-index/comprehend_region_index.json", "aws-offer-index"},
    {"aws/offer-index/AWSDatabaseSavingsPlans_region_index.json", "aws-offer-index"},
    {"multicloud/ec2instances-info/ec2_single_instance_x2iedn.32xlarge_2026-07.json",
     "ec2instances-info"},
};

} // namespace

TEST_CASE("Each AWS sample is claimed by its own importer only", "[pricing][aws][awsmisc][sniff]")
{
    std::vector<ImporterInfo> mine;
    registerAwsMiscImporters(mine);
    for (const auto& [relative, format] : kSamples) {
        const auto path = cloudcost::testing::sharedData(relative);
        const std::string head = headOf(path);
        INFO(relative);
        for (const auto& importer : mine) {
            INFO(importer.name);
            const int score = importer.sniff(head, path.filename().string());
            if (importer.name == format) {
                CHECK(score >= 85);
            } else {
                CHECK(score == 0);
            }
        }
    }
}

TEST_CASE("Detection picks the AWS misc importers for their samples among all formats",
          "[pricing][aws][awsmisc][sniff]")
{
    for (const auto& [relative, format] : kSamples) {
        INFO(relative);
        auto detected = detectImporter(cloudcost::testing::sharedData(relative));
        REQUIRE(detected.hasValue());
        CHECK((*detected)->name == format);
    }
}

TEST_CASE("The other AWS samples are not claimed by the AWS misc importers",
          "[pricing][aws][awsmisc][sniff]")
{
    std::vector<ImporterInfo> mine;
    registerAwsMiscImporters(mine);
    for (const std::string relative :
         {"aws/offer-file-json/AmazonEC2_us-east-1_v20240528203522_excerpt.json",
          "aws/offer-file-json/AmazonEC2_cn-northwest-1_v20230314154740_excerpt.json",
          "aws/pricing-api-getproducts/GetProducts_PriceListItem_m5.large_us-east-1_2021.json",
          "aws/price-list-csv/comprehend_ap-south-1_v20260116160258_part1.csv"}) {
        const auto path = cloudcost::testing::sharedData(relative);
        const std::string head = headOf(path);
        for (const auto& importer : mine) {
            INFO(relative << " / " << importer.name);
            CHECK(importer.sniff(head, path.filename().string()) == 0);
        }
    }
}
