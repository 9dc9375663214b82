#pragma once

// The bare metal / VM / container decision tree of MODELS.md §5.2 as an editable, versioned rule
// set (data/rules/decision-tree.json, embedded; docs/DECISION-TREE.md describes the format).
// Evaluation order: hard constraints (filters that force or exclude models), the latency-budget
// band (a weighted preference), weighted soft scores; the winner is the allowed model with the
// highest total, ties broken by the rule set's tie_break order. Every step writes a trace line and
// the result names the nearest input change that would flip the winner.

#include "common/Result.h"
#include "decision/Sizing.h"
#include "decision/inventory/Inventory.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cloudcost::decision {

// The rule-set format version this build reads ("version" in the JSON).
inline constexpr int kDecisionTreeFormatVersion = 1;

// A decision input: unknown, a flag, a number or a string.
using InputValue = std::variant<std::monostate, bool, double, std::string>;

struct RuleCondition
{
    enum class Op
    {
        Eq,
        Ne,
        Lt,
        Le,
        Gt,
        Ge,
        In
    };
    std::string field; // one of decisionInputFields() or "tag:<key>"
    Op op = Op::Eq;
    InputValue value;                // for every op but In
    std::vector<std::string> values; // for In
};

struct HardRule
{
    enum class Effect
    {
        Force,  // allowed models become allowed ∩ models
        Exclude // allowed models lose models
    };
    std::string id;
    std::string description;
    std::vector<RuleCondition> when; // all must hold; an unknown input means "not applied"
    Effect effect = Effect::Force;
    std::vector<DeploymentModel> models;
    std::vector<std::string> unlessFired; // ids of hard rules that, when fired, disable this one
    std::string note;                     // shown when it fires
    std::string source;
};

struct LatencyRule
{
    std::string id = "L1";
    std::string field = "latency_budget_ms";
    double t1 = 50.0;
    double t2 = 200.0;
    bool t1InLowerBand = false; // false: L = t1 is in the middle band (MODELS.md §5.2)
    bool t2InMiddleBand = true; // true: L = t2 is in the middle band (MODELS.md §5.2)
    std::vector<DeploymentModel> below, between, above;
    double weight = 2.0;
    std::string source;
};

struct SoftRule
{
    enum class Kind
    {
        Cost,        // caller's annual cost per model: min cost / cost
        Performance, // 1 - virtualisation overhead (caller's measurement, else defaults)
        OpsMaturity, // field false -> listed models score 0, others 1
        Startup      // field = required startup seconds; 1 when the model's startup <= it
    };
    std::string id;
    Kind kind = Kind::Cost;
    std::string description;
    std::string field;
    std::vector<DeploymentModel> models;
    std::map<DeploymentModel, double> defaults; // Performance: overhead; Startup: seconds
    std::string defaultsSource;
    double weight = 1.0;
    std::string source;
};

struct RuleSet
{
    int version = kDecisionTreeFormatVersion;
    std::string name;
    std::string revision;
    std::string description;
    std::string origin; // file path or "built-in data/rules/decision-tree.json"
    std::vector<DeploymentModel> models;
    std::vector<DeploymentModel> tieBreak;
    std::vector<HardRule> hard; // in evaluation order (dependencies of unless_fired first)
    LatencyRule latency;
    std::vector<SoftRule> soft;
};

// The input fields rules may name (plus "tag:<key>" for any workload tag).
const std::vector<std::string>& decisionInputFields();

// Parses and validates a rule set. Rejected, with the JSON location in the error context:
// malformed JSON (byte offset), unknown or missing format/version, unknown keys, unknown input
// fields or models, duplicate rule ids, unless_fired naming an unknown rule or forming a cycle,
// negative or non-finite weights, t1 <= 0 or t1 >= t2.
Result<RuleSet> parseRuleSet(std::string_view json, const std::string& origin);
Result<RuleSet> loadRuleSet(const std::filesystem::path& file);
// The shipped rule set (data/rules/decision-tree.json, embedded in the executable).
Result<RuleSet> builtinRuleSet();
// Overrides the latency thresholds, validating 0 < t1 < t2.
Status setLatencyThresholds(RuleSet& rules, double t1, double t2);

// What the caller knows beyond the workload.
struct DecisionContext
{
    std::map<DeploymentModel, double> annualCost; // from the TCO models; empty = no cost score
    std::string costSource;
    std::map<DeploymentModel, double> overhead; // measured virtualisation overhead, fraction
    std::string overheadSource;
    std::optional<bool> kubernetesAvailable;
    bool sandboxedRuntimeAllowed = false; // a sandboxed container runtime (gVisor, Kata) is allowed
    std::optional<double> startupRequirementS;
};

struct TraceLine
{
    std::string ruleId;
    std::string stage; // "hard", "band", "soft"
    std::string input;
    std::string value; // "unknown" when the input is missing
    std::string op;
    std::string threshold;
    std::string outcome;
    double weight = 0.0; // 0 for hard rules (they filter, they do not score)
};

struct ModelScore
{
    DeploymentModel model = DeploymentModel::VirtualMachine;
    bool allowed = true;
    std::string excludedBy; // rule ids
    double total = 0.0;
    std::vector<std::pair<std::string, double>> contributions; // rule id -> weight x score
};

struct Flip
{
    std::string input;
    std::string from;
    std::string to;
    DeploymentModel newWinner = DeploymentModel::VirtualMachine;
    double relativeChange = 0.0; // |Δ| / |value| for numbers (absolute Δ for overheads), 1 for a
                                 // toggled flag or a set unknown
    std::string text;            // "latency budget 49 ms -> 50 ms flips container -> vm"
};

struct Decision
{
    DeploymentModel model = DeploymentModel::VirtualMachine;
    std::vector<ModelScore> ranking; // allowed first, by total (then tie_break); excluded last
    std::vector<TraceLine> trace;
    std::vector<std::string> notes;
    std::optional<Flip> nearestFlip;
    std::vector<Flip> flips; // every flip found, nearest first
};

// Decides one workload. Errors: the hard constraints leave no model (the message names the rules).
Result<Decision>
decide(const Workload& workload, const RuleSet& rules, const DecisionContext& context);

// The band of a latency budget under the rule set: "below_t1", "between", "above_t2".
const char* latencyBand(const LatencyRule& rule, double latencyMs);

std::optional<DeploymentModel> parseDeploymentModel(std::string_view name);

} // namespace cloudcost::decision
