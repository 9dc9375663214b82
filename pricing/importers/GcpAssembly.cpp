#include "pricing/GcpAssembly.h"

#include "common/Text.h"
#include "pricing/ImportSupport.h"

#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace cloudcost::pricing {

namespace {

struct Term
{
    PurchaseOption option = PurchaseOption::OnDemand;
    int months = 0;
};

// The purchase option of a component rate; nullopt for rates that are not a VM's price
// (licences, sole-tenancy premium, unknown usage types).
std::optional<Term> termOf(const Rate& r)
{
    if (r.termType == "on_demand") {
        return Term{PurchaseOption::OnDemand, 0};
    }
    if (r.termType == "spot") {
        return Term{PurchaseOption::Spot, 0};
    }
    if (r.termType != "committed_use") {
        return std::nullopt;
    }
    if (r.usageType == "Commit1Yr" || text::contains(r.description, "for 1 Year")) {
        return Term{PurchaseOption::CommittedUse, 12};
    }
    if (r.usageType == "Commit3Yr" || text::contains(r.description, "for 3 Year")) {
        return Term{PurchaseOption::CommittedUse, 36};
    }
    return std::nullopt;
}

std::string termLabel(const Rate& r, const Term& t)
{
    return r.termType + (t.months ? " " + std::to_string(t.months) + " months" : "") + ", "
           + r.currency;
}

std::string componentKey(const std::string& family,
                         const std::string& resource,
                         const std::string& region,
                         const Term& term,
                         const std::string& currency)
{
    return family + '|' + resource + '|' + region + '|' + std::string(toString(term.option)) + '|'
           + std::to_string(term.months) + '|' + currency;
}

std::string number(double x)
{
    std::ostringstream out;
    out.precision(12);
    out << x;
    return out.str();
}

// E2 shared-core types are billed for a fraction of a vCPU although they expose 2 vCPUs: 0.25
// (e2-micro), 0.5 (e2-small), 1 (e2-medium). Source: Google Cloud, "VM instance pricing", E2
// shared-core machine types (https://cloud.google.com/compute/vm-instance-pricing), and
// "General-purpose machine family", E2 shared-core ("fractional vCPUs",
// https://cloud.google.com/compute/docs/general-purpose-machines#e2-shared-core).
std::optional<double> billedSharedVcpus(const std::string& name)
{
    if (name == "e2-micro") {
        return 0.25;
    }
    if (name == "e2-small") {
        return 0.5;
    }
    if (name == "e2-medium") {
        return 1.0;
    }
    return std::nullopt;
}

// Family whose component rates price a machine type: "n2-standard-8" -> n2,
// "custom-4-8192" -> custom (N1 custom), "n2-custom-4-8192" -> n2-custom.
std::string pricingFamily(const InstanceSpec& spec)
{
    const std::string& name = spec.instanceType;
    const std::string prefix = name.substr(0, name.find('-'));
    if (text::contains(name, "-custom-") && prefix != "custom") {
        return prefix + "-custom";
    }
    return spec.family.empty() ? prefix : spec.family;
}

// Distinct notes in the order they arise.
class Notes
{
public:
    explicit Notes(std::vector<std::string>* out)
        : m_out(out)
    {}
    void add(const std::string& note)
    {
        if (m_out && m_seen.insert(note).second) {
            m_out->push_back(note);
        }
    }

private:
    std::vector<std::string>* m_out;
    std::set<std::string> m_seen;
};

} // namespace

std::vector<Offer> assembleGcpOffers(const std::vector<Rate>& componentRates,
                                     const std::vector<InstanceSpec>& machineTypes,
                                     std::vector<std::string>* notesOut)
{
    Notes notes(notesOut);
    std::map<std::string, const Rate*> byKey;
    std::map<std::string, std::vector<const Rate*>> coresByFamily;
    std::map<std::string, std::vector<const Rate*>> instancesByFamily;
    for (const Rate& r : componentRates) {
        if ((!r.provider.empty() && r.provider != "gcp") || r.resource.empty()) {
            continue;
        }
        const auto term = termOf(r);
        if (!term) {
            continue;
        }
        const std::string what = "rate " + r.sku + " (" + (r.family.empty() ? "" : r.family + " ")
                                 + r.resource + " in " + r.region + ")";
        if (r.beginRange != 0 || r.endRange) {
            notes.add(what + " is tiered; not used for VM prices");
            continue;
        }
        const std::string unit =
            r.resource == "ram" || r.resource == "ram-extended" ? "GiBy.h" : "h";
        if (r.unit != unit || r.unitBlock != 1) {
            notes.add(what + " is per " + r.unit + ", not per " + unit
                      + "; not used for VM prices");
            continue;
        }
        if (!(r.price > 0)) {
            notes.add(what + " has price 0; not used for VM prices");
            continue;
        }
        const std::string key = componentKey(r.family, r.resource, r.region, *term, r.currency);
        const auto [it, inserted] = byKey.emplace(key, &r);
        if (!inserted) {
            if (it->second->price != r.price) {
                notes.add("two prices for " + r.family + " " + r.resource + " in " + r.region + " ("
                          + termLabel(r, *term) + "): " + it->second->sku + " "
                          + number(it->second->price) + " and " + r.sku + " " + number(r.price)
                          + "; the first is used");
            }
            continue;
        }
        if (r.resource == "cpu") {
            coresByFamily[r.family].push_back(&r);
        } else if (r.resource == "instance") {
            instancesByFamily[r.family].push_back(&r);
        }
    }

    std::vector<Offer> offers;
    const auto baseOffer = [](const InstanceSpec& spec, const Rate& rate, const Term& term) {
        Offer o;
        o.provider = "gcp";
        o.service = "Compute Engine";
        o.region = rate.region;
        o.instanceType = spec.instanceType;
        o.vcpus = spec.vcpus;
        o.memoryGib = spec.memoryGib;
        o.gpus = spec.gpus;
        o.gpuModel = spec.gpuModel;
        o.arch = spec.arch;
        // Component prices carry no OS licence; premium images are billed separately.
        o.os = "linux";
        o.purchaseOption = term.option;
        o.termMonths = term.months;
        // Committed use is paid monthly over the term, nothing upfront.
        o.paymentOption = term.months ? PaymentOption::NoUpfront : PaymentOption::None;
        o.currency = rate.currency;
        o.effectiveDate = rate.effectiveDate;
        return o;
    };
    const auto keep = [&](Offer o) {
        if (auto st = validateOffer(o, "GCP assembly"); !st) {
            notes.add(o.instanceType + ": " + st.error().message + "; not priced");
            return;
        }
        offers.push_back(std::move(o));
    };

    for (const InstanceSpec& spec : machineTypes) {
        if (!spec.provider.empty() && spec.provider != "gcp") {
            continue;
        }
        const std::string& name = spec.instanceType;
        if (!spec.vcpus || !spec.memoryGib) {
            notes.add(name + ": vCPUs or memory unknown; not priced");
            continue;
        }
        // f1-micro and g1-small: one SKU per instance-hour (F1Micro, G1Small).
        if (name == "f1-micro" || name == "g1-small") {
            const std::string family = name.substr(0, 2);
            const auto it = instancesByFamily.find(family);
            if (it == instancesByFamily.end()) {
                notes.add(name + ": shared-core type priced per instance, and the SKUs have no "
                          + family + " instance rate; not priced");
                continue;
            }
            for (const Rate* rate : it->second) {
                Offer o = baseOffer(spec, *rate, *termOf(*rate));
                o.hourly = rate->price;
                o.sku = rate->sku;
                keep(std::move(o));
            }
            continue;
        }
        const auto sharedVcpus = billedSharedVcpus(name);
        if (spec.sharedCpu.value_or(false) && !sharedVcpus) {
            notes.add(name + ": shared-core type without a known billing rule; not priced");
            continue;
        }
        const double billedVcpus = sharedVcpus ? *sharedVcpus : *spec.vcpus;
        const std::string family = pricingFamily(spec);
        const auto cores = coresByFamily.find(family);
        if (cores == coresByFamily.end()) {
            notes.add("family " + family
                      + ": no core (CPU) rate in the SKUs; its machine types "
                        "are not priced");
            continue;
        }
        const double gpus = spec.gpus.value_or(0);
        for (const Rate* core : cores->second) {
            const Term term = *termOf(*core);
            const auto ram =
                byKey.find(componentKey(family, "ram", core->region, term, core->currency));
            if (ram == byKey.end()) {
                notes.add("family " + family + ": a core rate without a RAM rate in " + core->region
                          + " (" + termLabel(*core, term) + "); not priced there");
                continue;
            }
            const Rate* gpu = nullptr;
            if (gpus > 0) {
                for (const std::string& owner : {std::string(), family}) {
                    const auto it = byKey.find(componentKey(owner,
                                                            "gpu:" + spec.gpuModel,
                                                            core->region,
                                                            term,
                                                            core->currency));
                    if (it != byKey.end()) {
                        gpu = it->second;
                        break;
                    }
                }
                if (!gpu) {
                    // Leaving the GPU out would understate the price.
                    notes.add(name + ": no " + spec.gpuModel + " GPU rate in " + core->region + " ("
                              + termLabel(*core, term) + "); not priced there");
                    continue;
                }
            }
            Offer o = baseOffer(spec, *core, term);
            o.hourly = billedVcpus * core->price + *spec.memoryGib * ram->second->price;
            o.sku = core->sku + "+" + ram->second->sku;
            o.effectiveDate = std::max(o.effectiveDate, ram->second->effectiveDate);
            if (gpu) {
                o.hourly += gpus * gpu->price;
                o.sku += "+" + gpu->sku;
                o.effectiveDate = std::max(o.effectiveDate, gpu->effectiveDate);
            }
            keep(std::move(o));
        }
    }
    return offers;
}

} // namespace cloudcost::pricing
