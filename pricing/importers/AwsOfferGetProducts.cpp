#include "common/Text.h"
#include "pricing/importers/AwsOfferFile.h"
#include "pricing/importers/AwsOfferJsonStream.h"
#include "pricing/importers/AwsOfferModel.h"

#include <nlohmann/json.hpp>

#include <deque>

// Price List Query API, GetProducts (README §2): each PriceList element is a document
// {product{productFamily, attributes, sku}, serviceCode, terms{OnDemand|Reserved: {SKU.CODE:
// term}}, version, publicationDate}; the API response wraps them as JSON *strings* in
// {"FormatVersion":"aws_v1","PriceList":[...],"NextToken":...}. A file may hold one item, one
// response, or several of either one after another (NDJSON or concatenated pages). Each top-level
// document is small: it is cut out by the streaming scanner and parsed with nlohmann.
namespace cloudcost::pricing::aws {

namespace {

using nlohmann::json;

std::string typeName(const json& v)
{
    return v.type_name();
}

class GetProductsReader
{
public:
    GetProductsReader(const ImportRequest& request, ImportSink& sink)
        : m_request(request)
        , m_name(request.displayName.empty() ? request.path.filename().string()
                                             : request.displayName)
        , m_sink(sink)
        , m_mapper(sink, "aws-getproducts", m_name, WhereKind::Item)
    {}

    Result<SourceFacts> run()
    {
        if (auto st = m_stream.open(m_request.path, m_name); !st) {
            return st.error();
        }
        m_stream.setProgress(m_request.progress, 0, m_stream.size());
        auto st = m_stream.run([this](JsonCursor& c) -> Result<bool> {
            c.skipWs();
            if (c.atEnd()) {
                if (m_stream.eof()) {
                    return false;
                }
                throw JsonNeedMore{};
            }
            const char* start = c.pos();
            const std::uint64_t offset = c.offset();
            if (*start != '{') {
                c.failExpected("'{' (a GetProducts PriceList item or response)");
            }
            c.skipValue();
            if (auto done =
                    document(std::string_view(start, static_cast<std::size_t>(c.pos() - start)),
                             offset);
                !done) {
                return done.error();
            }
            ++m_documents;
            return true;
        });
        if (!st) {
            return st.error();
        }
        if (m_documents == 0) {
            return makeError(Error::Code::InvalidInput,
                             "file is empty (expected GetProducts JSON)",
                             m_name);
        }
        if (m_items == 0) {
            return makeError(Error::Code::InvalidInput,
                             "no PriceList items in the file (an empty GetProducts response?)",
                             m_name);
        }
        m_mapper.setPublicationDate(m_publicationDate);
        m_mapper.setVersion(m_version);
        // A query result is a selection, not a whole sheet: it must not replace the offer file of
        // the same service and region, so the key stays empty (format + file name).
        return m_mapper.finish(false);
    }

private:
    Error errorAt(std::uint64_t offset, const std::string& message) const
    {
        return makeError(Error::Code::InvalidInput,
                         message,
                         m_name + ": byte " + std::to_string(offset));
    }

    Status document(std::string_view textView, std::uint64_t offset)
    {
        json doc;
        try {
            doc = json::parse(textView.begin(), textView.end());
        } catch (const json::parse_error& e) {
            return makeError(Error::Code::ParseFailed,
                             e.what(),
                             m_name + ": byte "
                                 + std::to_string(offset + (e.byte > 0 ? e.byte - 1 : 0)));
        } catch (const json::exception& e) { // e.g. a number out of range
            return errorAt(offset, e.what());
        }
        if (auto it = doc.find("PriceList"); it != doc.end()) {
            if (!it->is_array()) {
                return errorAt(offset, "PriceList is " + typeName(*it) + ", expected an array");
            }
            std::size_t index = 0;
            for (const json& element : *it) {
                ++index;
                if (element.is_string()) {
                    json decoded;
                    const auto& s = element.get_ref<const std::string&>();
                    try {
                        decoded = json::parse(s);
                    } catch (const json::exception& e) {
                        return makeError(Error::Code::ParseFailed,
                                         "PriceList element " + std::to_string(index)
                                             + " is not a JSON document: " + e.what(),
                                         m_name + ": byte " + std::to_string(offset));
                    }
                    if (auto st = item(decoded, offset); !st) {
                        return st;
                    }
                } else if (element.is_object()) {
                    if (auto st = this->item(element, offset); !st) {
                        return st;
                    }
                } else {
                    return errorAt(offset,
                                   "PriceList element " + std::to_string(index) + " is "
                                       + typeName(element)
                                       + ", expected a JSON document as a string");
                }
            }
            return {};
        }
        if (doc.contains("product") || doc.contains("terms")) {
            return item(doc, offset);
        }
        return errorAt(offset,
                       "expected a GetProducts PriceList item ({product, serviceCode, terms}) "
                       "or response ({FormatVersion, PriceList}); this JSON has neither");
    }

    // Text of a scalar member; null or absent is "". Objects, arrays and booleans are errors.
    Result<std::string_view>
    textOf(const json& parent, std::string_view key, const std::string& where)
    {
        const auto it = parent.find(key);
        if (it == parent.end() || it->is_null()) {
            return std::string_view();
        }
        return scalar(*it, key, where);
    }

    Result<std::string_view> scalar(const json& v, std::string_view what, const std::string& where)
    {
        if (v.is_string()) {
            return std::string_view(v.get_ref<const std::string&>());
        }
        if (v.is_number()) {
            m_numbers.push_back(v.dump());
            return std::string_view(m_numbers.back());
        }
        if (v.is_null()) {
            return std::string_view();
        }
        return makeError(Error::Code::InvalidInput,
                         std::string(what) + " is " + typeName(v) + ", expected a string",
                         where);
    }

    Status item(const json& doc, std::uint64_t offset)
    {
        ++m_items;
        m_numbers.clear();
        const std::uint64_t itemNo = m_items;
        const std::string where = m_mapper.where(itemNo) + " (byte " + std::to_string(offset) + ")";
        auto invalid = [&](const std::string& message) {
            return makeError(Error::Code::InvalidInput, message, where);
        };
        if (!doc.is_object()) {
            return invalid("a PriceList item is " + typeName(doc) + ", expected an object");
        }
        const auto product = doc.find("product");
        const auto terms = doc.find("terms");
        if (product == doc.end() || !product->is_object()) {
            return invalid("the PriceList item has no \"product\" object");
        }
        if (terms == doc.end() || !terms->is_object()) {
            return invalid("the PriceList item has no \"terms\" object");
        }
        auto service = textOf(doc, "serviceCode", where);
        auto version = textOf(doc, "version", where);
        auto published = textOf(doc, "publicationDate", where);
        auto sku = textOf(*product, "sku", where);
        auto family = textOf(*product, "productFamily", where);
        for (auto* r : {&service, &version, &published, &sku, &family}) {
            if (!*r) {
                return r->error();
            }
        }
        if (sku->empty()) {
            return invalid("the product of the PriceList item has no sku");
        }
        if (m_items == 1) {
            m_version.assign(*version);
            m_publicationDate.assign(*published);
        }
        m_mapper.setOfferCode(*service);

        if (m_mapper.hasProduct(*sku)) {
            m_sink.rowRead();
            m_sink.skip("duplicate PriceList item (its SKU was read before)", where);
            return {};
        }
        ProductView p;
        p.sku = *sku;
        p.productFamily = *family;
        p.where = itemNo;
        if (const auto attrs = product->find("attributes"); attrs != product->end()) {
            if (!attrs->is_object()) {
                return invalid("product.attributes is " + typeName(*attrs)
                               + ", expected an object");
            }
            for (const auto& [key, value] : attrs->items()) {
                const Attr a = attrFromJsonKey(key);
                if (a == Attr::Count) {
                    continue;
                }
                auto v = scalar(value, "attribute " + key, where);
                if (!v) {
                    return v.error();
                }
                p.set(a, *v);
            }
        }
        m_mapper.addProduct(p);

        for (const auto& [type, byKey] : terms->items()) {
            if (!byKey.is_object()) {
                return invalid("terms." + type + " is " + typeName(byKey) + ", expected an object");
            }
            for (const auto& [termKey, term] : byKey.items()) {
                if (!term.is_object()) {
                    return invalid("term " + termKey + " is " + typeName(term)
                                   + ", expected an object");
                }
                // The bulk layout has one more level (SKU -> SKU.CODE -> term): accept it too.
                const bool nested = !term.contains("priceDimensions")
                                    && !term.contains("offerTermCode") && !term.empty()
                                    && term.begin()->is_object();
                if (nested) {
                    for (const auto& [innerKey, inner] : term.items()) {
                        if (auto st = addTerm(type, innerKey, inner, *sku, itemNo, where); !st) {
                            return st;
                        }
                    }
                } else if (auto st = addTerm(type, termKey, term, *sku, itemNo, where); !st) {
                    return st;
                }
            }
        }
        return {};
    }

    Status addTerm(const std::string& type,
                   const std::string& termKey,
                   const json& term,
                   std::string_view productSku,
                   std::uint64_t itemNo,
                   const std::string& where)
    {
        auto invalid = [&](const std::string& message) {
            return makeError(Error::Code::InvalidInput, message, where);
        };
        if (!term.is_object()) {
            return invalid("term " + termKey + " is " + typeName(term) + ", expected an object");
        }
        TermView& t = m_term;
        t.clear();
        t.termType = type;
        t.where = itemNo;
        auto sku = textOf(term, "sku", where);
        auto code = textOf(term, "offerTermCode", where);
        auto date = textOf(term, "effectiveDate", where);
        for (auto* r : {&sku, &code, &date}) {
            if (!*r) {
                return r->error();
            }
        }
        const auto dot = std::string_view(termKey).find('.');
        t.sku = !sku->empty() ? *sku : productSku;
        t.offerTermCode = *code;
        if (t.offerTermCode.empty() && dot != std::string_view::npos) {
            t.offerTermCode = std::string_view(termKey).substr(dot + 1);
        }
        t.effectiveDate = *date;
        if (const auto attrs = term.find("termAttributes"); attrs != term.end()) {
            if (!attrs->is_object()) {
                return invalid("termAttributes of " + termKey + " is " + typeName(*attrs)
                               + ", expected an object");
            }
            for (auto [name, field] : {std::pair{"LeaseContractLength", &t.leaseContractLength},
                                       std::pair{"PurchaseOption", &t.purchaseOption},
                                       std::pair{"OfferingClass", &t.offeringClass}}) {
                auto v = textOf(*attrs, name, where);
                if (!v) {
                    return v.error();
                }
                *field = *v;
            }
        }
        const auto dims = term.find("priceDimensions");
        if (dims != term.end()) {
            if (!dims->is_object()) {
                return invalid("priceDimensions of " + termKey + " is " + typeName(*dims)
                               + ", expected an object");
            }
            for (const auto& [rateKey, dim] : dims->items()) {
                if (!dim.is_object()) {
                    return invalid("price dimension " + rateKey + " is " + typeName(dim)
                                   + ", expected an object");
                }
                DimensionView& d = t.dims.emplace_back();
                auto rate = textOf(dim, "rateCode", where);
                auto desc = textOf(dim, "description", where);
                auto unit = textOf(dim, "unit", where);
                auto begin = textOf(dim, "beginRange", where);
                auto end = textOf(dim, "endRange", where);
                for (auto* r : {&rate, &desc, &unit, &begin, &end}) {
                    if (!*r) {
                        return r->error();
                    }
                }
                d.rateCode = rate->empty() ? std::string_view(rateKey) : *rate;
                d.description = *desc;
                d.unit = *unit;
                d.beginRange = *begin;
                d.endRange = *end;
                const auto ppu = dim.find("pricePerUnit");
                if (ppu != dim.end()) {
                    if (!ppu->is_object()) {
                        return invalid("pricePerUnit of " + rateKey + " is " + typeName(*ppu)
                                       + ", expected an object");
                    }
                    for (const auto& [currency, price] : ppu->items()) {
                        auto v = scalar(price, "price of " + rateKey, where);
                        if (!v) {
                            return v.error();
                        }
                        d.currency = currency;
                        d.price = *v;
                        ++d.currencyCount;
                    }
                }
            }
        }
        return m_mapper.addTerm(t);
    }

    const ImportRequest& m_request;
    std::string m_name;
    ImportSink& m_sink;
    JsonStream m_stream;
    OfferMapper m_mapper;
    TermView m_term;
    std::deque<std::string> m_numbers; // text of prices given as JSON numbers
    std::uint64_t m_documents = 0;
    std::uint64_t m_items = 0;
    std::string m_version;
    std::string m_publicationDate;
};

} // namespace

Result<SourceFacts> importGetProducts(const ImportRequest& request, ImportSink& sink)
{
    GetProductsReader reader(request, sink);
    return reader.run();
}

} // namespace cloudcost::pricing::aws
