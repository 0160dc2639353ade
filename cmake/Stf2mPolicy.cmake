# Project policy carried by INTERFACE targets instead of global flag edits.
add_library(stf2m_policy INTERFACE)
add_library(stf2m::policy ALIAS stf2m_policy)
target_compile_features(stf2m_policy INTERFACE cxx_std_20)
set_target_properties(stf2m_policy PROPERTIES INTERFACE_CXX_EXTENSIONS OFF)
target_compile_options(stf2m_policy INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor -Wno-missing-field-initializers>
  $<$<CXX_COMPILER_ID:Clang>:-Wno-unknown-warning-option>)  # clang has no -Wshadow=local (the fuzz build)
target_compile_definitions(stf2m_policy INTERFACE STF2M_VERSION="${PROJECT_VERSION}")

if(STF2M_SANITIZE OR STF2M_FUZZ)
  target_compile_options(stf2m_policy INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(stf2m_policy INTERFACE -fsanitize=address,undefined)
endif()
if(STF2M_FUZZ)   # coverage for libFuzzer in every library; the harnesses link -fsanitize=fuzzer
  target_compile_options(stf2m_policy INTERFACE -fsanitize=fuzzer-no-link)
endif()

# Qt code: no keyword macros (slots/signals/emit clash with LibTorch and stay explicit as Q_SLOTS etc.).
add_library(stf2m_qt_policy INTERFACE)
add_library(stf2m::qt_policy ALIAS stf2m_qt_policy)
target_link_libraries(stf2m_qt_policy INTERFACE stf2m_policy)
target_compile_definitions(stf2m_qt_policy INTERFACE QT_NO_KEYWORDS QT_NO_CAST_FROM_ASCII QT_NO_URL_CAST_FROM_STRING)

# stf2m_core_library(NAME file...): the static library stf2m_NAME of a core module, its alias
# stf2m::NAME, and the include root (headers are included as "NAME/header.h").
function(stf2m_core_library name)
  add_library(stf2m_${name} STATIC ${ARGN})
  add_library(stf2m::${name} ALIAS stf2m_${name})
  target_include_directories(stf2m_${name} PUBLIC ${PROJECT_SOURCE_DIR}/core)
endfunction()

# stf2m_precompile_torch(TARGET): <torch/torch.h> as the target's precompiled header. Parsing it
# takes 16 s of CPU per translation unit here (GCC 12, -O0 or -O2 alike), as much as the rest of
# a typical model source; the libraries most of whose sources include it parse it once instead
# (a 780 MB .gch, 45 s to make, about 8 s to load: mark the sources without LibTorch
# SKIP_PRECOMPILE_HEADERS). Only for core targets: they never include Qt, whose keyword macros
# would clash with it.
function(stf2m_precompile_torch target)
  target_precompile_headers(${target} PRIVATE <torch/torch.h>)
endfunction()
