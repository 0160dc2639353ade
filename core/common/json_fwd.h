#pragma once
// The JSON value type without nlohmann's full header, for headers that only pass values along.
#include <nlohmann/json_fwd.hpp>

namespace stf2m {

using Json = nlohmann::ordered_json;
class JsonNode;

}  // namespace stf2m
