#pragma once
#include <string>

namespace stf2m {

// Now, in UTC with milliseconds: "2026-11-25T17:05:01.350Z" (ISO 8601, valid as xsd:dateTime).
std::string utcTimestamp();

}  // namespace stf2m
