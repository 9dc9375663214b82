#include "common/Text.h"
#include "pricing/importers/AwsOfferFile.h"
#include "pricing/importers/AwsOfferJsonStream.h"
#include "pricing/importers/AwsOfferModel.h"

#include <vector>

// The bulk offer file in JSON: {formatVersion, disclaimer, offerCode, version, publicationDate,
// products{SKU: product}, terms{OnDemand|Reserved: {SKU: {SKU.CODE: term}}}, attributesList}.
// A structural scanner walks the top levels and parses one product, or the terms of one SKU, at a
// time; only a compact record per product is kept to join the terms to.
namespace cloudcost::pricing::aws {

namespace {

std::string displayNameOf(const ImportRequest& request)
{
    return request.displayName.empty() ? request.path.filename().string() : request.displayName;
}

class OfferJsonReader
{
public:
    OfferJsonReader(const ImportRequest& request, ImportSink& sink)
        : m_request(request)
        , m_name(displayNameOf(request))
        , m_mapper(sink, "aws-offer-json", m_name, WhereKind::Byte)
    {}

    Result<SourceFacts> run()
    {
        if (auto st = m_stream.open(m_request.path, m_name); !st) {
            return st.error();
        }
        const std::uint64_t size = m_stream.size();
        m_stream.setProgress(m_request.progress, 0, size);
        if (auto st = pass(1); !st) {
            return st.error();
        }
        if (m_formatVersion.empty() || m_offerCode.empty() || !m_sawProducts) {
            return makeError(Error::Code::InvalidInput,
                             "not an AWS Price List offer file: expected the top-level keys "
                             "formatVersion, offerCode, products and terms (a GetProducts "
                             "document is read by the aws-getproducts format)",
                             m_name);
        }
        if (!text::startsWith(m_formatVersion, "v1.")) {
            return makeError(Error::Code::Unsupported,
                             "unsupported offer file formatVersion '"
                                 + text::printable(m_formatVersion, 20) + "' (expected v1.0)",
                             m_name);
        }
        if (!m_sawTerms) {
            return makeError(Error::Code::InvalidInput,
                             "the offer file has no \"terms\" object, so it has no prices",
                             m_name);
        }
        if (m_termsDeferred) {
            // The terms came before the products: read the file again for the terms alone.
            if (auto st = m_stream.rewind(); !st) {
                return st.error();
            }
            m_stream.setProgress(m_request.progress, size, 2 * size);
            if (auto st = pass(2); !st) {
                return st.error();
            }
        }
        return m_mapper.finish();
    }

private:
    enum class State
    {
        Start,
        TopMember,
        TopNext,
        ProductMember,
        ProductNext,
        TermsMember,
        TermsNext,
        TypeMember,
        TypeNext,
        End,
    };

    Status pass(int number)
    {
        m_pass = number;
        m_state = State::Start;
        return m_stream.run([this](JsonCursor& c) { return step(c); });
    }

    Result<bool> step(JsonCursor& c)
    {
        switch (m_state) {
        case State::Start: {
            c.skipWs();
            if (c.atEnd()) {
                if (m_stream.eof()) {
                    return makeError(Error::Code::InvalidInput,
                                     "file is empty (expected an AWS offer file, a JSON object)",
                                     m_name);
                }
                throw JsonNeedMore{};
            }
            c.expect('{', "'{' (an AWS offer file is one JSON object)");
            m_state = c.peek() == '}' ? State::TopNext : State::TopMember;
            return true;
        }
        case State::TopNext:
            if (!c.more('}', "',' or '}' after a top-level member")) {
                m_state = State::End;
                return true;
            }
            [[fallthrough]];
        case State::TopMember:
            return topMember(c);
        case State::ProductNext:
            if (!c.more('}', "',' or '}' after a product")) {
                m_productsDone = true;
                m_state = State::TopNext;
                return true;
            }
            [[fallthrough]];
        case State::ProductMember:
            return productMember(c);
        case State::TermsNext:
            if (!c.more('}', "',' or '}' in terms")) {
                m_state = State::TopNext;
                return true;
            }
            [[fallthrough]];
        case State::TermsMember: {
            const std::string_view type = c.key();
            if (c.peek() != '{') {
                c.failExpected("an object for terms." + std::string(type));
            }
            c.expect('{', "");
            const bool empty = c.peek() == '}';
            if (empty) {
                c.expect('}', "");
            }
            m_termType.assign(type);
            m_state = empty ? State::TermsNext : State::TypeMember;
            return true;
        }
        case State::TypeNext:
            if (!c.more('}', "',' or '}' after the terms of a SKU")) {
                m_state = State::TermsNext;
                return true;
            }
            [[fallthrough]];
        case State::TypeMember:
            return skuTerms(c);
        case State::End:
            c.skipWs();
            if (c.atEnd()) {
                if (m_stream.eof()) {
                    return false;
                }
                throw JsonNeedMore{};
            }
            c.failExpected("the end of the file after the JSON document");
        }
        return false;
    }

    Result<bool> topMember(JsonCursor& c)
    {
        const std::string_view key = c.key();
        if (key == "products" || key == "terms") {
            if (c.peek() != '{') {
                c.failExpected("an object for \"" + std::string(key) + "\"");
            }
            c.expect('{', "");
            const bool empty = c.peek() == '}';
            if (empty) {
                c.expect('}', "");
            }
            if (key == "products") {
                m_sawProducts = true;
                m_productsDone = empty;
                m_state = empty ? State::TopNext : State::ProductMember;
            } else {
                m_sawTerms = true;
                if (m_pass == 1) {
                    m_termsDeferred = !m_productsDone;
                }
                m_state = empty ? State::TopNext : State::TermsMember;
            }
            return true;
        }
        if (key == "formatVersion" || key == "offerCode" || key == "version"
            || key == "publicationDate" || key == "disclaimer") {
            bool isString = false;
            const std::string_view value = c.scalar(key, &isString);
            if (!isString) {
                c.fail("expected a string for \"" + std::string(key) + "\"");
            }
            if (m_pass == 1) {
                if (key == "formatVersion") {
                    m_formatVersion.assign(value);
                } else if (key == "offerCode") {
                    m_offerCode.assign(value);
                    m_mapper.setOfferCode(value);
                } else if (key == "version") {
                    m_mapper.setVersion(value);
                } else if (key == "publicationDate") {
                    m_mapper.setPublicationDate(value);
                }
            }
        } else {
            c.skipValue(); // attributesList and anything newer
        }
        m_state = State::TopNext;
        return true;
    }

    Result<bool> productMember(JsonCursor& c)
    {
        const std::string_view sku = c.key();
        if (m_pass != 1) {
            c.skipValue();
            m_state = State::ProductNext;
            return true;
        }
        ProductView& p = m_product;
        p.clear();
        p.sku = sku;
        c.peek();
        p.where = c.offset();
        if (c.beginObject("an object for a product")) {
            do {
                const std::string_view k = c.key();
                if (k == "attributes") {
                    if (c.beginObject("an object for attributes")) {
                        do {
                            const std::string_view name = c.key();
                            const std::string_view value = c.scalar(name);
                            const Attr a = attrFromJsonKey(name);
                            if (a != Attr::Count) {
                                p.set(a, value);
                            }
                        } while (c.more('}', "',' or '}' in attributes"));
                    }
                } else if (k == "productFamily") {
                    p.productFamily = c.scalar("productFamily");
                } else if (k == "sku") {
                    c.scalar("sku");
                } else {
                    c.skipValue();
                }
            } while (c.more('}', "',' or '}' in a product"));
        }
        if (!m_mapper.addProduct(p)) {
            return makeError(Error::Code::InvalidInput,
                             "product " + text::printable(sku, 40) + " appears twice",
                             m_mapper.where(p.where));
        }
        m_state = State::ProductNext;
        return true;
    }

    TermView& nextTerm()
    {
        if (m_termCount == m_terms.size()) {
            m_terms.emplace_back();
        }
        TermView& t = m_terms[m_termCount++];
        t.clear();
        return t;
    }

    Result<bool> skuTerms(JsonCursor& c)
    {
        const std::string_view sku = c.key();
        const bool process = m_pass == 1 ? !m_termsDeferred : true;
        if (!process) {
            c.skipValue();
            m_state = State::TypeNext;
            return true;
        }
        m_termCount = 0;
        if (c.beginObject("an object of terms (SKU.OFFERTERMCODE -> term)")) {
            do {
                const std::string_view termKey = c.key();
                TermView& t = nextTerm();
                t.termType = m_termType;
                t.sku = sku;
                c.peek();
                t.where = c.offset();
                parseTerm(c, t);
                if (t.offerTermCode.empty()) {
                    if (const auto dot = termKey.find('.'); dot != std::string_view::npos) {
                        t.offerTermCode = termKey.substr(dot + 1);
                    }
                }
            } while (c.more('}', "',' or '}' after a term"));
        }
        for (std::size_t i = 0; i < m_termCount; ++i) {
            if (auto st = m_mapper.addTerm(m_terms[i]); !st) {
                return st.error();
            }
        }
        m_state = State::TypeNext;
        return true;
    }

    static void parseTerm(JsonCursor& c, TermView& t)
    {
        if (!c.beginObject("an object for a term")) {
            return;
        }
        do {
            const std::string_view k = c.key();
            if (k == "priceDimensions") {
                if (!c.beginObject("an object for priceDimensions")) {
                    continue;
                }
                do {
                    const std::string_view rateKey = c.key();
                    DimensionView& d = t.dims.emplace_back();
                    d.rateCode = rateKey;
                    parseDimension(c, d);
                } while (c.more('}', "',' or '}' in priceDimensions"));
            } else if (k == "termAttributes") {
                if (!c.beginObject("an object for termAttributes")) {
                    continue;
                }
                do {
                    const std::string_view name = c.key();
                    const std::string_view value = c.scalar(name);
                    if (name == "LeaseContractLength") {
                        t.leaseContractLength = value;
                    } else if (name == "PurchaseOption") {
                        t.purchaseOption = value;
                    } else if (name == "OfferingClass") {
                        t.offeringClass = value;
                    }
                } while (c.more('}', "',' or '}' in termAttributes"));
            } else if (k == "offerTermCode") {
                t.offerTermCode = c.scalar(k);
            } else if (k == "effectiveDate") {
                t.effectiveDate = c.scalar(k);
            } else if (k == "sku") {
                c.scalar(k);
            } else {
                c.skipValue();
            }
        } while (c.more('}', "',' or '}' in a term"));
    }

    static void parseDimension(JsonCursor& c, DimensionView& d)
    {
        if (!c.beginObject("an object for a price dimension")) {
            return;
        }
        do {
            const std::string_view k = c.key();
            if (k == "pricePerUnit") {
                if (!c.beginObject("an object for pricePerUnit")) {
                    continue;
                }
                do {
                    d.currency = c.key();
                    d.price = c.scalar("a price");
                    ++d.currencyCount;
                } while (c.more('}', "',' or '}' in pricePerUnit"));
            } else if (k == "unit") {
                d.unit = c.scalar(k);
            } else if (k == "beginRange") {
                d.beginRange = c.scalar(k);
            } else if (k == "endRange") {
                d.endRange = c.scalar(k);
            } else if (k == "description") {
                d.description = c.scalar(k);
            } else if (k == "rateCode") {
                d.rateCode = c.scalar(k);
            } else {
                c.skipValue(); // appliesTo
            }
        } while (c.more('}', "',' or '}' in a price dimension"));
    }

    const ImportRequest& m_request;
    std::string m_name;
    JsonStream m_stream;
    OfferMapper m_mapper;
    State m_state = State::Start;
    int m_pass = 1;
    bool m_sawProducts = false;
    bool m_sawTerms = false;
    bool m_productsDone = false;
    bool m_termsDeferred = false;
    std::string m_formatVersion;
    std::string m_offerCode;
    std::string m_termType;
    ProductView m_product;
    std::vector<TermView> m_terms;
    std::size_t m_termCount = 0;
};

} // namespace

Result<SourceFacts> importOfferJson(const ImportRequest& request, ImportSink& sink)
{
    OfferJsonReader reader(request, sink);
    return reader.run();
}

} // namespace cloudcost::pricing::aws
