#include "decision/rules/DecisionTree.h"

#include "common/Text.h"
#include "data/rules/BuiltinRules.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

namespace cloudcost::decision {

namespace {

using json = nlohmann::json;
using Inputs = std::map<std::string, InputValue>;

enum class FieldType
{
    Bool,
    Number,
    String
};

const std::map<std::string, FieldType>& fieldTypes()
{
    static const std::map<std::string, FieldType> types = {
        {"per_core_licensing", FieldType::Bool},
        {"single_tenancy", FieldType::Bool},
        {"custom_kernel", FieldType::Bool},
        {"sandboxed_runtime_allowed", FieldType::Bool},
        {"kubernetes_available", FieldType::Bool},
        {"gpu_mode", FieldType::String},
        {"gpus", FieldType::Number},
        {"latency_budget_ms", FieldType::Number},
        {"startup_requirement_s", FieldType::Number},
        {"security_level", FieldType::String},
        {"criticality", FieldType::String},
        {"os_family", FieldType::String},
        {"environment", FieldType::String},
    };
    return types;
}

std::optional<FieldType> fieldType(const std::string& field)
{
    if (text::startsWith(field, "tag:") && field.size() > 4) {
        return FieldType::String;
    }
    const auto& t = fieldTypes();
    auto it = t.find(field);
    return it == t.end() ? std::nullopt : std::optional<FieldType>(it->second);
}

std::string num(double v, int decimals = 3)
{
    // std::to_chars rather than snprintf: the flip search formats numbers for every trial
    // evaluation, and printf's locale-aware path dominated its profile. Same digits as "%.*f".
    char buf[64];
    std::string s;
    if (auto [end, ec] =
            std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
        ec == std::errc()) {
        s.assign(buf, end);
    } else {
        std::vector<char> big(512);
        std::snprintf(big.data(), big.size(), "%.*f", decimals, v);
        s = big.data();
    }
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0') {
            s.pop_back();
        }
        if (!s.empty() && s.back() == '.') {
            s.pop_back();
        }
    }
    return s;
}

std::string valueText(const InputValue& v)
{
    if (std::holds_alternative<bool>(v)) {
        return std::get<bool>(v) ? "true" : "false";
    }
    if (std::holds_alternative<double>(v)) {
        return num(std::get<double>(v));
    }
    if (std::holds_alternative<std::string>(v)) {
        return std::get<std::string>(v);
    }
    return "unknown";
}

const char* opText(RuleCondition::Op op)
{
    switch (op) {
    case RuleCondition::Op::Eq:
        return "==";
    case RuleCondition::Op::Ne:
        return "!=";
    case RuleCondition::Op::Lt:
        return "<";
    case RuleCondition::Op::Le:
        return "<=";
    case RuleCondition::Op::Gt:
        return ">";
    case RuleCondition::Op::Ge:
        return ">=";
    case RuleCondition::Op::In:
        return "in";
    }
    return "?";
}

std::string modelList(const std::vector<DeploymentModel>& ms)
{
    std::string s;
    for (auto m : ms) {
        s += (s.empty() ? "" : ", ") + std::string(deploymentModelName(m));
    }
    return s;
}

// ---------------------------------------------------------------- parsing

struct Parser
{
    std::string origin;

    Error err(const std::string& path, const std::string& message) const
    {
        return makeError(Error::Code::InvalidInput,
                         message,
                         origin + " at " + (path.empty() ? "/" : path));
    }

    Status keys(const json& obj,
                const std::string& path,
                std::initializer_list<const char*> allowed,
                std::initializer_list<const char*> required = {}) const
    {
        if (!obj.is_object()) {
            return err(path, "expected an object");
        }
        for (const auto& [k, v] : obj.items()) {
            const std::string& key = k; // clang 14 cannot capture a structured binding
            if (std::find_if(allowed.begin(),
                             allowed.end(),
                             [&](const char* a) { return key == a; })
                == allowed.end()) {
                std::string list;
                for (const char* a : allowed) {
                    list += (list.empty() ? "" : ", ") + std::string(a);
                }
                return err(path, "unknown field '" + k + "' (expected one of: " + list + ")");
            }
        }
        for (const char* r : required) {
            if (!obj.contains(r)) {
                return err(path, std::string("missing field '") + r + "'");
            }
        }
        return {};
    }

    Result<std::string> str(const json& obj, const char* key, const std::string& path) const
    {
        if (!obj.contains(key)) {
            return std::string();
        }
        if (!obj[key].is_string()) {
            return err(path + "/" + key, "expected a string");
        }
        return obj[key].get<std::string>();
    }

    Result<double>
    number(const json& obj, const char* key, const std::string& path, double def) const
    {
        if (!obj.contains(key)) {
            return def;
        }
        if (!obj[key].is_number()) {
            return err(path + "/" + key, "expected a number");
        }
        const double v = obj[key].get<double>();
        if (!std::isfinite(v)) {
            return err(path + "/" + key, "expected a finite number");
        }
        return v;
    }

    Result<double> weight(const json& obj, const std::string& path, double def) const
    {
        auto w = number(obj, "weight", path, def);
        if (w && *w < 0.0) {
            return err(path + "/weight", "weight must not be negative, got " + num(*w, 6));
        }
        return w;
    }

    Result<bool> boolean(const json& obj, const char* key, const std::string& path, bool def) const
    {
        if (!obj.contains(key)) {
            return def;
        }
        if (!obj[key].is_boolean()) {
            return err(path + "/" + key, "expected true or false");
        }
        return obj[key].get<bool>();
    }

    Result<std::vector<DeploymentModel>>
    models(const json& obj, const char* key, const std::string& path) const
    {
        std::vector<DeploymentModel> out;
        if (!obj.contains(key)) {
            return out;
        }
        const auto& a = obj[key];
        if (!a.is_array()) {
            return err(path + "/" + key, "expected a list of models (bare_metal, vm, container)");
        }
        for (std::size_t i = 0; i < a.size(); ++i) {
            const std::string p = path + "/" + key + "/" + std::to_string(i);
            if (!a[i].is_string()) {
                return err(p, "expected a model name (bare_metal, vm, container)");
            }
            auto m = parseDeploymentModel(a[i].get<std::string>());
            if (!m) {
                return err(p,
                           "unknown model '" + a[i].get<std::string>()
                               + "' (expected bare_metal, vm or container)");
            }
            if (std::find(out.begin(), out.end(), *m) == out.end()) {
                out.push_back(*m);
            }
        }
        return out;
    }

    Result<std::map<DeploymentModel, double>>
    modelMap(const json& obj, const char* key, const std::string& path) const
    {
        std::map<DeploymentModel, double> out;
        if (!obj.contains(key)) {
            return out;
        }
        const auto& m = obj[key];
        if (!m.is_object()) {
            return err(path + "/" + key, "expected an object of model: number");
        }
        for (const auto& [k, v] : m.items()) {
            auto model = parseDeploymentModel(k);
            if (!model) {
                return err(path + "/" + key,
                           "unknown model '" + k + "' (expected bare_metal, vm or container)");
            }
            if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0.0) {
                return err(path + "/" + key + "/" + k, "expected a number >= 0");
            }
            out[*model] = v.get<double>();
        }
        return out;
    }

    Result<RuleCondition> condition(const json& c, const std::string& path) const
    {
        if (auto ok = keys(c, path, {"field", "op", "value"}, {"field", "op", "value"}); !ok) {
            return ok.error();
        }
        RuleCondition rc;
        if (!c["field"].is_string()) {
            return err(path + "/field", "expected a string");
        }
        rc.field = c["field"].get<std::string>();
        const auto type = fieldType(rc.field);
        if (!type) {
            std::string list;
            for (const auto& f : decisionInputFields()) {
                list += (list.empty() ? "" : ", ") + f;
            }
            return err(path + "/field",
                       "unknown input field '" + rc.field + "' (expected one of: " + list
                           + ", tag:<key>)");
        }
        const std::string op = c["op"].is_string() ? c["op"].get<std::string>() : std::string();
        static const std::map<std::string, RuleCondition::Op> ops = {{"==", RuleCondition::Op::Eq},
                                                                     {"!=", RuleCondition::Op::Ne},
                                                                     {"<", RuleCondition::Op::Lt},
                                                                     {"<=", RuleCondition::Op::Le},
                                                                     {">", RuleCondition::Op::Gt},
                                                                     {">=", RuleCondition::Op::Ge},
                                                                     {"in", RuleCondition::Op::In}};
        auto it = ops.find(op);
        if (it == ops.end()) {
            return err(path + "/op",
                       "unknown operator '" + op + "' (expected ==, !=, <, <=, >, >=, in)");
        }
        rc.op = it->second;
        const auto& v = c["value"];
        const bool ordered = rc.op == RuleCondition::Op::Lt || rc.op == RuleCondition::Op::Le
                             || rc.op == RuleCondition::Op::Gt || rc.op == RuleCondition::Op::Ge;
        if (rc.op == RuleCondition::Op::In) {
            if (*type != FieldType::String || !v.is_array()) {
                return err(path + "/value", "'in' needs a string field and a list of strings");
            }
            for (const auto& s : v) {
                if (!s.is_string()) {
                    return err(path + "/value", "'in' needs a list of strings");
                }
                rc.values.push_back(text::toLower(s.get<std::string>()));
            }
            return rc;
        }
        if (ordered && *type != FieldType::Number) {
            return err(path + "/op",
                       "'" + op + "' needs a numeric field; '" + rc.field + "' is not");
        }
        switch (*type) {
        case FieldType::Bool:
            if (!v.is_boolean()) {
                return err(path + "/value", "'" + rc.field + "' is a flag: expected true or false");
            }
            rc.value = v.get<bool>();
            break;
        case FieldType::Number:
            if (!v.is_number() || !std::isfinite(v.get<double>())) {
                return err(path + "/value", "'" + rc.field + "' is a number: expected a number");
            }
            rc.value = v.get<double>();
            break;
        case FieldType::String:
            if (!v.is_string()) {
                return err(path + "/value", "'" + rc.field + "' is text: expected a string");
            }
            rc.value = text::toLower(v.get<std::string>());
            break;
        }
        return rc;
    }
};

Status orderHardRules(std::vector<HardRule>& rules, const Parser& p)
{
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < rules.size(); ++i) {
        index[rules[i].id] = i;
    }
    for (std::size_t i = 0; i < rules.size(); ++i) {
        for (const auto& dep : rules[i].unlessFired) {
            if (!index.count(dep)) {
                return p.err("/hard_constraints/" + std::to_string(i) + "/unless_fired",
                             "rule '" + rules[i].id + "' refers to unknown rule '" + dep + "'");
            }
        }
    }
    std::vector<int> state(rules.size(), 0); // 0 new, 1 visiting, 2 done
    std::vector<std::size_t> order;
    std::vector<std::string> stack;
    std::function<Status(std::size_t)> visit = [&](std::size_t i) -> Status {
        if (state[i] == 2) {
            return {};
        }
        if (state[i] == 1) {
            std::string cycle;
            auto from = std::find(stack.begin(), stack.end(), rules[i].id);
            for (auto it = from; it != stack.end(); ++it) {
                cycle += *it + " -> ";
            }
            return p.err("/hard_constraints",
                         "rules refer to each other in a cycle: " + cycle + rules[i].id);
        }
        state[i] = 1;
        stack.push_back(rules[i].id);
        for (const auto& dep : rules[i].unlessFired) {
            if (auto ok = visit(index[dep]); !ok) {
                return ok;
            }
        }
        stack.pop_back();
        state[i] = 2;
        order.push_back(i);
        return {};
    };
    for (std::size_t i = 0; i < rules.size(); ++i) {
        if (auto ok = visit(i); !ok) {
            return ok;
        }
    }
    std::vector<HardRule> sorted;
    for (auto i : order) {
        sorted.push_back(rules[i]);
    }
    rules = std::move(sorted);
    return {};
}

// ---------------------------------------------------------------- evaluation

enum class Truth
{
    True,
    False,
    Unknown
};

Truth test(const RuleCondition& c, const InputValue& v)
{
    if (std::holds_alternative<std::monostate>(v)) {
        return Truth::Unknown;
    }
    auto t = [](bool b) {
        return b ? Truth::True : Truth::False;
    };
    using Op = RuleCondition::Op;
    if (c.op == Op::In) {
        if (!std::holds_alternative<std::string>(v)) {
            return Truth::False;
        }
        const auto s = text::toLower(std::get<std::string>(v));
        return t(std::find(c.values.begin(), c.values.end(), s) != c.values.end());
    }
    if (std::holds_alternative<double>(v) && std::holds_alternative<double>(c.value)) {
        const double a = std::get<double>(v);
        const double b = std::get<double>(c.value);
        switch (c.op) {
        case Op::Eq:
            return t(a == b);
        case Op::Ne:
            return t(a != b);
        case Op::Lt:
            return t(a < b);
        case Op::Le:
            return t(a <= b);
        case Op::Gt:
            return t(a > b);
        case Op::Ge:
            return t(a >= b);
        case Op::In:
            break;
        }
        return Truth::False;
    }
    bool equal = false;
    if (std::holds_alternative<std::string>(v) && std::holds_alternative<std::string>(c.value)) {
        equal = text::toLower(std::get<std::string>(v)) == std::get<std::string>(c.value);
    } else {
        equal = v == c.value;
    }
    return c.op == Op::Ne ? t(!equal) : c.op == Op::Eq ? t(equal) : Truth::False;
}

const InputValue& inputOf(const Inputs& in, const std::string& field)
{
    static const InputValue unknown;
    auto it = in.find(field);
    return it == in.end() ? unknown : it->second;
}

Inputs extractInputs(const Workload& w, const DecisionContext& c)
{
    Inputs in;
    auto opt = [&](const char* k, const auto& o) {
        if (o) {
            in[k] = static_cast<
                std::conditional_t<std::is_same_v<std::decay_t<decltype(*o)>, bool>, bool, double>>(
                *o);
        }
    };
    auto str = [&](const char* k, const std::string& s) {
        if (!s.empty()) {
            in[k] = s;
        }
    };
    in["per_core_licensing"] = w.perCoreLicensing;
    opt("single_tenancy", w.singleTenancy);
    opt("custom_kernel", w.customKernel);
    opt("gpus", w.gpus);
    opt("latency_budget_ms", w.latencyBudgetMs);
    str("gpu_mode", w.gpuMode);
    str("security_level", w.securityLevel);
    str("criticality", w.criticality);
    str("os_family", w.osFamily);
    str("environment", w.environment);
    in["sandboxed_runtime_allowed"] = c.sandboxedRuntimeAllowed;
    opt("kubernetes_available", c.kubernetesAvailable);
    opt("startup_requirement_s", c.startupRequirementS);
    for (const auto& [k, v] : w.tags) {
        in["tag:" + k] = v;
    }
    return in;
}

int tieRank(const RuleSet& rules, DeploymentModel m)
{
    auto it = std::find(rules.tieBreak.begin(), rules.tieBreak.end(), m);
    return it == rules.tieBreak.end() ? 1000 : static_cast<int>(it - rules.tieBreak.begin());
}

enum class Band
{
    Below,
    Between,
    Above
};

Band bandOf(const LatencyRule& r, double l)
{
    if (l < r.t1 || (r.t1InLowerBand && l == r.t1)) {
        return Band::Below;
    }
    if (l < r.t2 || (r.t2InMiddleBand && l == r.t2)) {
        return Band::Between;
    }
    return Band::Above;
}

const char* bandName(Band b)
{
    return b == Band::Below ? "below_t1" : b == Band::Between ? "between" : "above_t2";
}

// With traced false only the ranking and the winner are computed: the flip search evaluates the
// tree hundreds of times per workload and needs no trace text, notes or error wording.
Result<Decision>
evaluate(const Inputs& in, const RuleSet& rules, const DecisionContext& ctx, bool traced = true)
{
    Decision d;
    std::set<DeploymentModel> allowed(rules.models.begin(), rules.models.end());
    std::map<DeploymentModel, std::string> excludedBy;
    std::set<std::string> fired;
    std::vector<std::string> firedText;

    // 1. Hard constraints.
    for (const auto& r : rules.hard) {
        TraceLine t{r.id, "hard", "", "", "", "", "", 0.0};
        std::string inputs, values, ops, thresholds;
        Truth all = Truth::True;
        for (const auto& c : r.when) {
            const auto& v = inputOf(in, c.field);
            const auto res = test(c, v);
            if (res == Truth::False) {
                all = Truth::False;
            } else if (res == Truth::Unknown && all == Truth::True) {
                all = Truth::Unknown;
            }
            if (!traced) {
                continue;
            }
            inputs += (inputs.empty() ? "" : " & ") + c.field;
            values += (values.empty() ? "" : " & ") + valueText(v);
            ops += (ops.empty() ? "" : " & ") + std::string(opText(c.op));
            std::string th;
            if (c.op == RuleCondition::Op::In) {
                for (const auto& s : c.values) {
                    th += (th.empty() ? "[" : ", ") + s;
                }
                th += "]";
            } else {
                th = valueText(c.value);
            }
            thresholds += (thresholds.empty() ? "" : " & ") + th;
        }
        t.input = inputs;
        t.value = values;
        t.op = ops;
        t.threshold = thresholds;
        std::string blocker;
        for (const auto& u : r.unlessFired) {
            if (fired.count(u)) {
                blocker = u;
                break;
            }
        }
        const char* verb = r.effect == HardRule::Effect::Force ? "forces " : "excludes ";
        if (all == Truth::Unknown) {
            t.outcome = "not applied: input unknown";
        } else if (all == Truth::False) {
            t.outcome = "not fired";
        } else if (!blocker.empty()) {
            t.outcome = "not applied: " + blocker + " fired";
        } else {
            fired.insert(r.id);
            if (traced) {
                t.outcome = "fired: " + std::string(verb) + modelList(r.models);
                firedText.push_back(r.id + " " + verb + modelList(r.models));
            }
            for (auto m : rules.models) {
                const bool listed =
                    std::find(r.models.begin(), r.models.end(), m) != r.models.end();
                const bool drop = r.effect == HardRule::Effect::Force ? !listed : listed;
                if (drop && allowed.count(m)) {
                    allowed.erase(m);
                    excludedBy[m] += (excludedBy[m].empty() ? "" : ", ") + r.id;
                }
            }
            if (traced && !r.note.empty()) {
                d.notes.push_back(r.id + ": " + r.note);
            }
        }
        if (traced) {
            d.trace.push_back(std::move(t));
        }
    }
    if (allowed.empty()) {
        std::string list;
        for (const auto& f : firedText) {
            list += (list.empty() ? "" : "; ") + f;
        }
        return makeError(Error::Code::InvalidInput,
                         "the hard constraints leave no deployment model: " + list,
                         rules.origin);
    }

    std::map<DeploymentModel, ModelScore> scores;
    for (auto m : rules.models) {
        scores[m].model = m;
        scores[m].allowed = allowed.count(m) > 0;
        scores[m].excludedBy = excludedBy[m];
    }
    auto add = [&](const std::string& id, DeploymentModel m, double contribution) {
        scores[m].total += contribution;
        if (traced) {
            scores[m].contributions.emplace_back(id, contribution);
        }
    };

    // 2. Latency band.
    {
        const auto& r = rules.latency;
        TraceLine t{r.id, "band", r.field, "", "band", "", "", r.weight};
        if (traced) {
            t.threshold = "t1 " + num(r.t1) + " ms, t2 " + num(r.t2) + " ms";
        }
        const auto& v = inputOf(in, r.field);
        if (!std::holds_alternative<double>(v)) {
            t.value = "unknown";
            t.outcome = "not applied: no latency budget";
        } else {
            const double l = std::get<double>(v);
            const Band b = bandOf(r, l);
            const auto& pref = b == Band::Below     ? r.below
                               : b == Band::Between ? r.between
                                                    : r.above;
            if (traced) {
                t.value = num(l) + " ms";
                t.outcome = std::string(bandName(b)) + ": prefers " + modelList(pref);
            }
            for (auto m : rules.models) {
                const bool p = std::find(pref.begin(), pref.end(), m) != pref.end();
                add(r.id, m, p ? r.weight : 0.0);
            }
        }
        if (traced) {
            d.trace.push_back(std::move(t));
        }
    }

    // 3. Soft scores.
    for (const auto& r : rules.soft) {
        TraceLine t{r.id, "soft", "", "", "", "", "", r.weight};
        std::map<DeploymentModel, double> s;
        switch (r.kind) {
        case SoftRule::Kind::Cost: {
            t.input = "annual_cost";
            double minCost = -1.0;
            for (auto m : allowed) {
                auto it = ctx.annualCost.find(m);
                if (it != ctx.annualCost.end() && it->second >= 0.0
                    && (minCost < 0.0 || it->second < minCost)) {
                    minCost = it->second;
                }
            }
            if (traced) {
                std::string vals;
                for (const auto& [m, c] : ctx.annualCost) {
                    vals += (vals.empty() ? "" : ", ") + std::string(deploymentModelName(m)) + " "
                            + num(c, 2);
                }
                t.value = vals.empty() ? "unknown" : vals;
            }
            if (minCost < 0.0) {
                t.outcome = "not applied: no cost for an allowed model";
                break;
            }
            if (traced) {
                t.op = "min/cost";
                t.threshold = "cheapest " + num(minCost, 2)
                              + (ctx.costSource.empty() ? "" : " (" + ctx.costSource + ")");
            }
            for (auto m : allowed) {
                auto it = ctx.annualCost.find(m);
                s[m] = it == ctx.annualCost.end() ? 0.0
                       : it->second <= 0.0        ? 1.0
                                                  : minCost / it->second;
            }
            break;
        }
        case SoftRule::Kind::Performance: {
            t.input = "virtualisation_overhead";
            t.op = "1 - overhead";
            std::string vals;
            bool measured = false;
            for (auto m : rules.models) {
                double o = 0.0;
                if (auto it = ctx.overhead.find(m); it != ctx.overhead.end()) {
                    o = it->second;
                    measured = true;
                } else if (auto jt = r.defaults.find(m); jt != r.defaults.end()) {
                    o = jt->second;
                }
                o = std::clamp(o, 0.0, 1.0);
                if (traced) {
                    vals += (vals.empty() ? "" : ", ") + std::string(deploymentModelName(m)) + " "
                            + num(o);
                }
                s[m] = 1.0 - o;
            }
            if (traced) {
                t.value = vals;
                t.threshold = measured ? (ctx.overheadSource.empty() ? std::string("measured")
                                                                     : ctx.overheadSource)
                                       : "defaults: " + r.defaultsSource;
            }
            break;
        }
        case SoftRule::Kind::OpsMaturity: {
            t.input = r.field;
            const auto& v = inputOf(in, r.field);
            if (traced) {
                t.value = valueText(v);
            }
            t.op = "==";
            t.threshold = "true";
            if (!std::holds_alternative<bool>(v)) {
                t.outcome = "not applied: input unknown";
                break;
            }
            for (auto m : rules.models) {
                const bool listed =
                    std::find(r.models.begin(), r.models.end(), m) != r.models.end();
                s[m] = std::get<bool>(v) || !listed ? 1.0 : 0.0;
            }
            break;
        }
        case SoftRule::Kind::Startup: {
            t.input = r.field;
            const auto& v = inputOf(in, r.field);
            if (traced) {
                t.value = valueText(v);
            }
            t.op = "startup <=";
            if (!std::holds_alternative<double>(v)) {
                t.outcome = "not applied: input unknown";
                break;
            }
            std::string th;
            for (auto m : rules.models) {
                auto it = r.defaults.find(m);
                const double st = it == r.defaults.end() ? 0.0 : it->second;
                if (traced) {
                    th += (th.empty() ? "" : ", ") + std::string(deploymentModelName(m)) + " "
                          + num(st) + " s";
                }
                s[m] = st <= std::get<double>(v) ? 1.0 : 0.0;
            }
            t.threshold = th;
            break;
        }
        }
        if (!s.empty()) {
            std::string out;
            for (auto m : rules.models) {
                const double sc = s.count(m) ? s[m] : 0.0;
                if (traced) {
                    out += (out.empty() ? "" : ", ") + std::string(deploymentModelName(m)) + " "
                           + num(sc);
                }
                add(r.id, m, r.weight * sc);
            }
            if (traced) {
                t.outcome = "scores " + out;
            }
        }
        if (traced) {
            d.trace.push_back(std::move(t));
        }
    }

    // 4. Ranking.
    for (auto m : rules.models) {
        d.ranking.push_back(scores[m]);
    }
    std::stable_sort(d.ranking.begin(),
                     d.ranking.end(),
                     [&](const ModelScore& a, const ModelScore& b) {
                         if (a.allowed != b.allowed) {
                             return a.allowed;
                         }
                         if (std::fabs(a.total - b.total) > 1e-12) {
                             return a.total > b.total;
                         }
                         return tieRank(rules, a.model) < tieRank(rules, b.model);
                     });
    d.model = d.ranking.front().model;
    return d;
}

std::optional<DeploymentModel>
winnerOf(const Inputs& in, const RuleSet& rules, const DecisionContext& ctx)
{
    auto r = evaluate(in, rules, ctx, false);
    if (!r) {
        return std::nullopt;
    }
    return r->model;
}

std::string flipsText(DeploymentModel from, DeploymentModel to)
{
    return std::string(" flips ") + deploymentModelName(from) + " -> " + deploymentModelName(to);
}

void findFlips(const Inputs& in, const RuleSet& rules, const DecisionContext& ctx, Decision& d)
{
    const auto w0 = d.model;
    auto record = [&](Flip f) {
        d.flips.push_back(std::move(f));
    };

    // Latency budget: the nearest value in each other band.
    {
        const auto& r = rules.latency;
        constexpr double step = 0.001; // ms: the resolution of "just below / above" a threshold
        const auto& v = inputOf(in, r.field);
        const bool known = std::holds_alternative<double>(v);
        const double l = known ? std::get<double>(v) : 0.0;
        struct Cand
        {
            double value;
            std::string text;
        };
        std::vector<Cand> cands;
        const Band cur = known ? bandOf(r, l) : Band::Between;
        auto belowRep = Cand{r.t1InLowerBand ? r.t1 : r.t1 - step,
                             (r.t1InLowerBand ? "<= " : "< ") + num(r.t1) + " ms"};
        auto aboveRep = Cand{r.t2InMiddleBand ? r.t2 + step : r.t2,
                             (r.t2InMiddleBand ? "> " : ">= ") + num(r.t2) + " ms"};
        auto midFromBelow = Cand{r.t1InLowerBand ? r.t1 + step : r.t1,
                                 (r.t1InLowerBand ? "> " : "") + num(r.t1) + " ms"};
        auto midFromAbove = Cand{r.t2InMiddleBand ? r.t2 : r.t2 - step,
                                 (r.t2InMiddleBand ? "" : "< ") + num(r.t2) + " ms"};
        if (!known) {
            cands = {belowRep, midFromBelow, aboveRep};
        } else if (cur == Band::Below) {
            cands = {midFromBelow, aboveRep};
        } else if (cur == Band::Between) {
            cands = {belowRep, aboveRep};
        } else {
            cands = {midFromAbove, belowRep};
        }
        for (const auto& c : cands) {
            Inputs changed = in;
            changed[r.field] = c.value;
            auto w = winnerOf(changed, rules, ctx);
            if (w && *w != w0) {
                Flip f;
                f.input = r.field;
                f.from = known ? num(l) + " ms" : "unknown";
                f.to = c.text;
                f.newWinner = *w;
                f.relativeChange =
                    known ? std::fabs(c.value - l) / std::max(std::fabs(l), 1.0) : 1.0;
                f.text = "latency budget " + f.from + " -> " + f.to + flipsText(w0, *w);
                record(std::move(f));
            }
        }
    }

    // Flags and text inputs the rules test: toggle or set each listed value.
    std::set<std::string> seen;
    auto tryValue = [&](const std::string& field, const InputValue& value) {
        Inputs changed = in;
        if (std::holds_alternative<std::monostate>(value)) {
            changed.erase(field);
        } else {
            changed[field] = value;
        }
        auto w = winnerOf(changed, rules, ctx);
        if (w && *w != w0) {
            Flip f;
            f.input = field;
            f.from = valueText(inputOf(in, field));
            f.to = valueText(value);
            f.newWinner = *w;
            f.relativeChange = 1.0;
            f.text = field + " " + f.from + " -> " + f.to + flipsText(w0, *w);
            record(std::move(f));
        }
    };
    auto considerField = [&](const std::string& field, const std::vector<InputValue>& candidates) {
        for (const auto& c : candidates) {
            const std::string key = field + "=" + valueText(c);
            if (c == inputOf(in, field) || !seen.insert(key).second) {
                continue;
            }
            tryValue(field, c);
        }
    };
    for (const auto& r : rules.hard) {
        for (const auto& c : r.when) {
            const auto type = fieldType(c.field);
            if (type == FieldType::Bool) {
                considerField(c.field, {InputValue(true), InputValue(false)});
            } else if (c.op == RuleCondition::Op::In) {
                std::vector<InputValue> vs;
                for (const auto& s : c.values) {
                    vs.emplace_back(s);
                }
                vs.emplace_back(std::monostate{});
                considerField(c.field, vs);
            } else if (type == FieldType::String) {
                considerField(c.field, {c.value, InputValue(std::monostate{})});
            }
        }
    }
    for (const auto& r : rules.soft) {
        if (r.kind == SoftRule::Kind::OpsMaturity) {
            considerField(r.field, {InputValue(true), InputValue(false)});
        }
    }

    // Costs: how far the winner's cost must rise, or another model's fall.
    auto bisect = [&](auto winnerAt, double noFlip, double flip) -> std::optional<double> {
        if (!winnerAt(flip) || *winnerAt(flip) == w0) {
            return std::nullopt;
        }
        // 40 halvings: the flip factor to within 1e-9 (bracket up to 1000), far below display.
        for (int i = 0; i < 40; ++i) {
            const double mid = 0.5 * (noFlip + flip);
            auto w = winnerAt(mid);
            if (w && *w != w0) {
                flip = mid;
            } else {
                noFlip = mid;
            }
        }
        return flip;
    };
    for (const auto& [m, cost] : ctx.annualCost) {
        if (cost <= 0.0) {
            continue;
        }
        DecisionContext c = ctx; // one copy per search, not per trial
        auto at = [&, m = m, cost = cost](double factor) {
            c.annualCost[m] = cost * factor;
            return winnerOf(in, rules, c);
        };
        const bool isWinner = m == w0;
        auto f = bisect(at, 1.0, isWinner ? 1000.0 : 0.0);
        if (!f) {
            continue;
        }
        Flip fl;
        fl.input = std::string("annual_cost.") + deploymentModelName(m);
        fl.from = num(cost, 2);
        fl.to = num(cost * *f, 2);
        fl.newWinner = *at(*f);
        fl.relativeChange = std::fabs(*f - 1.0);
        fl.text = fl.relativeChange < 1e-9
                      ? std::string("a tie broken by tie_break: any change in the annual cost of ")
                            + deploymentModelName(m) + flipsText(w0, fl.newWinner)
                      : std::string("annual cost of ") + deploymentModelName(m) + " " + fl.from
                            + " -> " + fl.to + " (" + (*f > 1.0 ? "+" : "")
                            + num((*f - 1.0) * 100.0, 1) + " %)" + flipsText(w0, fl.newWinner);
        record(std::move(fl));
    }

    // Virtualisation overhead of each model (performance score).
    for (const auto& r : rules.soft) {
        if (r.kind != SoftRule::Kind::Performance || r.weight == 0.0) {
            continue;
        }
        for (auto m : rules.models) {
            double o = 0.0;
            if (auto it = ctx.overhead.find(m); it != ctx.overhead.end()) {
                o = it->second;
            } else if (auto jt = r.defaults.find(m); jt != r.defaults.end()) {
                o = jt->second;
            }
            o = std::clamp(o, 0.0, 1.0);
            DecisionContext c = ctx; // one copy per search, not per trial
            for (auto k : rules.models) {
                if (!c.overhead.count(k) && r.defaults.count(k)) {
                    c.overhead[k] = r.defaults.at(k);
                }
            }
            auto at = [&, m = m](double value) {
                c.overhead[m] = value;
                return winnerOf(in, rules, c);
            };
            auto f = bisect(at, o, m == w0 ? 1.0 : 0.0);
            if (!f) {
                continue;
            }
            Flip fl;
            fl.input = std::string("virtualisation_overhead.") + deploymentModelName(m);
            fl.from = num(o * 100.0, 2) + " %";
            fl.to = num(*f * 100.0, 2) + " %";
            fl.newWinner = *at(*f);
            fl.relativeChange = std::fabs(*f - o);
            fl.text = fl.relativeChange < 1e-9
                          ? std::string("a tie broken by tie_break: any change in the "
                                        "virtualisation overhead of ")
                                + deploymentModelName(m) + flipsText(w0, fl.newWinner)
                          : std::string("virtualisation overhead of ") + deploymentModelName(m)
                                + " " + fl.from + " -> " + fl.to + flipsText(w0, fl.newWinner);
            record(std::move(fl));
        }
        break;
    }

    std::stable_sort(d.flips.begin(), d.flips.end(), [](const Flip& a, const Flip& b) {
        return a.relativeChange < b.relativeChange;
    });
    if (!d.flips.empty()) {
        d.nearestFlip = d.flips.front();
    }
}

} // namespace

const std::vector<std::string>& decisionInputFields()
{
    static const std::vector<std::string> fields = [] {
        std::vector<std::string> f;
        for (const auto& [k, v] : fieldTypes()) {
            f.push_back(k);
        }
        return f;
    }();
    return fields;
}

std::optional<DeploymentModel> parseDeploymentModel(std::string_view name)
{
    if (name == "bare_metal") {
        return DeploymentModel::BareMetal;
    }
    if (name == "vm") {
        return DeploymentModel::VirtualMachine;
    }
    if (name == "container") {
        return DeploymentModel::Container;
    }
    return std::nullopt;
}

const char* latencyBand(const LatencyRule& rule, double latencyMs)
{
    return bandName(bandOf(rule, latencyMs));
}

Status setLatencyThresholds(RuleSet& rules, double t1, double t2)
{
    if (!(std::isfinite(t1) && std::isfinite(t2) && t1 > 0.0 && t1 < t2)) {
        return makeError(Error::Code::InvalidInput,
                         "latency thresholds must satisfy 0 < t1 < t2, got t1 = " + num(t1, 6)
                             + " ms, t2 = " + num(t2, 6) + " ms",
                         "latency thresholds");
    }
    rules.latency.t1 = t1;
    rules.latency.t2 = t2;
    return {};
}

Result<RuleSet> parseRuleSet(std::string_view text, const std::string& origin)
{
    Parser p{origin};
    json root;
    try {
        root = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        return makeError(Error::Code::ParseFailed,
                         "not valid JSON at byte " + std::to_string(e.byte) + ": " + e.what(),
                         origin);
    }
    if (auto ok = p.keys(root,
                         "",
                         {"format",
                          "version",
                          "name",
                          "revision",
                          "description",
                          "models",
                          "tie_break",
                          "hard_constraints",
                          "latency",
                          "soft_scores"},
                         {"format", "version", "latency"});
        !ok) {
        return ok.error();
    }
    if (root["format"] != "cloudcost-decision-tree") {
        return p.err("/format", "expected \"cloudcost-decision-tree\"");
    }
    if (!root["version"].is_number_integer()) {
        return p.err("/version", "expected an integer format version");
    }
    RuleSet rs;
    rs.origin = origin;
    rs.version = root["version"].get<int>();
    if (rs.version != kDecisionTreeFormatVersion) {
        return p.err("/version",
                     "unknown version " + std::to_string(rs.version) + " (this build reads version "
                         + std::to_string(kDecisionTreeFormatVersion) + ")");
    }
#define CC_TRY(var, expr)                                                                          \
    auto var = (expr);                                                                             \
    if (!var) {                                                                                    \
        return var.error();                                                                        \
    }
    CC_TRY(name, p.str(root, "name", ""));
    CC_TRY(revision, p.str(root, "revision", ""));
    CC_TRY(description, p.str(root, "description", ""));
    rs.name = *name;
    rs.revision = *revision;
    rs.description = *description;
    CC_TRY(models, p.models(root, "models", ""));
    rs.models = models->empty() ? std::vector<DeploymentModel>{DeploymentModel::BareMetal,
                                                               DeploymentModel::VirtualMachine,
                                                               DeploymentModel::Container}
                                : *models;
    CC_TRY(tie, p.models(root, "tie_break", ""));
    rs.tieBreak = tie->empty() ? rs.models : *tie;

    if (root.contains("hard_constraints")) {
        const auto& hs = root["hard_constraints"];
        if (!hs.is_array()) {
            return p.err("/hard_constraints", "expected a list of rules");
        }
        std::set<std::string> ids;
        for (std::size_t i = 0; i < hs.size(); ++i) {
            const std::string path = "/hard_constraints/" + std::to_string(i);
            const auto& h = hs[i];
            if (auto ok = p.keys(h,
                                 path,
                                 {"id",
                                  "description",
                                  "when",
                                  "effect",
                                  "models",
                                  "unless_fired",
                                  "note",
                                  "source"},
                                 {"id", "when", "effect", "models"});
                !ok) {
                return ok.error();
            }
            HardRule r;
            CC_TRY(id, p.str(h, "id", path));
            if (id->empty()) {
                return p.err(path + "/id", "expected a non-empty rule id");
            }
            if (!ids.insert(*id).second) {
                return p.err(path + "/id", "duplicate rule id '" + *id + "'");
            }
            r.id = *id;
            CC_TRY(desc, p.str(h, "description", path));
            CC_TRY(note, p.str(h, "note", path));
            CC_TRY(src, p.str(h, "source", path));
            r.description = *desc;
            r.note = *note;
            r.source = *src;
            CC_TRY(effect, p.str(h, "effect", path));
            if (*effect == "force") {
                r.effect = HardRule::Effect::Force;
            } else if (*effect == "exclude") {
                r.effect = HardRule::Effect::Exclude;
            } else {
                return p.err(path + "/effect",
                             "unknown effect '" + *effect + "' (expected force or exclude)");
            }
            CC_TRY(ms, p.models(h, "models", path));
            if (ms->empty()) {
                return p.err(path + "/models", "expected at least one model");
            }
            r.models = *ms;
            if (!h["when"].is_array() || h["when"].empty()) {
                return p.err(path + "/when", "expected a non-empty list of conditions");
            }
            for (std::size_t j = 0; j < h["when"].size(); ++j) {
                CC_TRY(c, p.condition(h["when"][j], path + "/when/" + std::to_string(j)));
                r.when.push_back(*c);
            }
            if (h.contains("unless_fired")) {
                if (!h["unless_fired"].is_array()) {
                    return p.err(path + "/unless_fired", "expected a list of rule ids");
                }
                for (const auto& u : h["unless_fired"]) {
                    if (!u.is_string()) {
                        return p.err(path + "/unless_fired", "expected a list of rule ids");
                    }
                    r.unlessFired.push_back(u.get<std::string>());
                }
            }
            rs.hard.push_back(std::move(r));
        }
        if (auto ok = orderHardRules(rs.hard, p); !ok) {
            return ok.error();
        }
    }

    {
        const auto& l = root["latency"];
        const std::string path = "/latency";
        if (auto ok = p.keys(l,
                             path,
                             {"id",
                              "field",
                              "t1_ms",
                              "t2_ms",
                              "t1_in_lower_band",
                              "t2_in_middle_band",
                              "below_t1",
                              "between",
                              "above_t2",
                              "weight",
                              "source"},
                             {"t1_ms", "t2_ms", "below_t1", "between", "above_t2"});
            !ok) {
            return ok.error();
        }
        auto& r = rs.latency;
        CC_TRY(id, p.str(l, "id", path));
        r.id = id->empty() ? "L1" : *id;
        CC_TRY(field, p.str(l, "field", path));
        r.field = field->empty() ? "latency_budget_ms" : *field;
        if (fieldType(r.field) != FieldType::Number) {
            return p.err(path + "/field", "unknown numeric input field '" + r.field + "'");
        }
        CC_TRY(t1, p.number(l, "t1_ms", path, 50.0));
        CC_TRY(t2, p.number(l, "t2_ms", path, 200.0));
        if (!(*t1 > 0.0)) {
            return p.err(path + "/t1_ms", "t1 must be above 0 ms, got " + num(*t1, 6));
        }
        if (!(*t1 < *t2)) {
            return p.err(path,
                         "t1 (" + num(*t1, 6) + " ms) must be below t2 (" + num(*t2, 6)
                             + " ms): the middle band would be empty or inverted");
        }
        r.t1 = *t1;
        r.t2 = *t2;
        CC_TRY(li, p.boolean(l, "t1_in_lower_band", path, false));
        CC_TRY(mi, p.boolean(l, "t2_in_middle_band", path, true));
        r.t1InLowerBand = *li;
        r.t2InMiddleBand = *mi;
        CC_TRY(below, p.models(l, "below_t1", path));
        CC_TRY(between, p.models(l, "between", path));
        CC_TRY(above, p.models(l, "above_t2", path));
        r.below = *below;
        r.between = *between;
        r.above = *above;
        CC_TRY(w, p.weight(l, path, 2.0));
        r.weight = *w;
        CC_TRY(src, p.str(l, "source", path));
        r.source = *src;
    }

    if (root.contains("soft_scores")) {
        const auto& ss = root["soft_scores"];
        if (!ss.is_array()) {
            return p.err("/soft_scores", "expected a list of scores");
        }
        std::set<std::string> ids;
        for (const auto& h : rs.hard) {
            ids.insert(h.id);
        }
        ids.insert(rs.latency.id);
        for (std::size_t i = 0; i < ss.size(); ++i) {
            const std::string path = "/soft_scores/" + std::to_string(i);
            const auto& s = ss[i];
            if (auto ok = p.keys(s,
                                 path,
                                 {"id",
                                  "kind",
                                  "description",
                                  "field",
                                  "models",
                                  "defaults",
                                  "defaults_source",
                                  "startup_s",
                                  "weight",
                                  "source"},
                                 {"id", "kind", "weight"});
                !ok) {
                return ok.error();
            }
            SoftRule r;
            CC_TRY(id, p.str(s, "id", path));
            if (id->empty() || !ids.insert(*id).second) {
                return p.err(path + "/id",
                             "expected a unique, non-empty rule id, got '" + *id + "'");
            }
            r.id = *id;
            CC_TRY(kind, p.str(s, "kind", path));
            if (*kind == "cost") {
                r.kind = SoftRule::Kind::Cost;
            } else if (*kind == "performance") {
                r.kind = SoftRule::Kind::Performance;
            } else if (*kind == "ops_maturity") {
                r.kind = SoftRule::Kind::OpsMaturity;
            } else if (*kind == "startup") {
                r.kind = SoftRule::Kind::Startup;
            } else {
                return p.err(path + "/kind",
                             "unknown kind '" + *kind
                                 + "' (expected cost, performance, ops_maturity, "
                                   "startup)");
            }
            CC_TRY(desc, p.str(s, "description", path));
            CC_TRY(src, p.str(s, "source", path));
            CC_TRY(dsrc, p.str(s, "defaults_source", path));
            r.description = *desc;
            r.source = *src;
            r.defaultsSource = *dsrc;
            CC_TRY(field, p.str(s, "field", path));
            r.field = *field;
            const auto ft = fieldType(r.field);
            if (r.kind == SoftRule::Kind::OpsMaturity && ft != FieldType::Bool) {
                return p.err(path + "/field",
                             "ops_maturity needs a flag input field, got '" + r.field + "'");
            }
            if (r.kind == SoftRule::Kind::Startup && ft != FieldType::Number) {
                return p.err(path + "/field",
                             "startup needs a numeric input field, got '" + r.field + "'");
            }
            if ((r.kind == SoftRule::Kind::Cost || r.kind == SoftRule::Kind::Performance)
                && !r.field.empty()) {
                return p.err(path + "/field",
                             "a " + *kind + " score takes its input from the caller, not a field");
            }
            CC_TRY(ms, p.models(s, "models", path));
            r.models = *ms;
            CC_TRY(
                defaults,
                p.modelMap(s, r.kind == SoftRule::Kind::Startup ? "startup_s" : "defaults", path));
            r.defaults = *defaults;
            if (r.kind == SoftRule::Kind::Performance) {
                for (const auto& [m, o] : r.defaults) {
                    if (o > 1.0) {
                        return p.err(path + "/defaults/" + deploymentModelName(m),
                                     "an overhead is a fraction between 0 and 1");
                    }
                }
            }
            CC_TRY(w, p.weight(s, path, 1.0));
            r.weight = *w;
            rs.soft.push_back(std::move(r));
        }
    }
#undef CC_TRY
    return rs;
}

Result<RuleSet> loadRuleSet(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return makeError(Error::Code::IoFailed, "cannot open the rule set file", file.string());
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return parseRuleSet(ss.str(), file.string());
}

Result<RuleSet> builtinRuleSet()
{
    return parseRuleSet(data::builtinDecisionTreeJson(), "built-in data/rules/decision-tree.json");
}

Result<Decision>
decide(const Workload& workload, const RuleSet& rules, const DecisionContext& context)
{
    const auto in = extractInputs(workload, context);
    auto d = evaluate(in, rules, context);
    if (!d) {
        return makeError(d.error().code, d.error().message, "workload '" + workload.name + "'");
    }
    findFlips(in, rules, context, *d);
    return d;
}

} // namespace cloudcost::decision
