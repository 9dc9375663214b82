#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace cloudcost {

// An expected failure, with a sentence a user can act on.
struct Error
{
    enum class Code
    {
        InvalidInput,
        NotFound,
        ParseFailed,
        IoFailed,
        Cancelled,
        Unsupported,
    };
    Code code = Code::InvalidInput;
    std::string message; // user-facing, e.g. "unknown currency 'XYZ'"
    std::string context; // file, file:line, provider...; may be empty

    // "context: message", or just the message when there is no context.
    std::string describe() const { return context.empty() ? message : context + ": " + message; }
};

inline Error makeError(Error::Code code, std::string message, std::string context = {})
{
    return Error{code, std::move(message), std::move(context)};
}

// Either a value or an Error (the surface of std::expected, which GCC 12 lacks in C++20).
template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    {}
    Result(Error error)
        : m_data(std::in_place_index<1>, std::move(error))
    {}

    bool hasValue() const { return m_data.index() == 0; }
    explicit operator bool() const { return hasValue(); }

    T& value() &
    {
        assert(hasValue());
        return std::get<0>(m_data);
    }
    const T& value() const&
    {
        assert(hasValue());
        return std::get<0>(m_data);
    }
    T&& value() &&
    {
        assert(hasValue());
        return std::get<0>(std::move(m_data));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const
    {
        assert(!hasValue());
        return std::get<1>(m_data);
    }

private:
    std::variant<T, Error> m_data;
};

// Result of an operation that returns nothing but may fail.
template <>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
    {}

    bool hasValue() const { return !m_error.has_value(); }
    explicit operator bool() const { return hasValue(); }
    const Error& error() const
    {
        assert(m_error);
        return *m_error;
    }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

} // namespace cloudcost
