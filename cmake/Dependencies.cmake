# Third-party libraries, all from Debian's packages (see scripts/setup.sh and ../shared/STACK.md).
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)                # before restinio: its config does not look for fmt
find_package(restinio REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(GTest REQUIRED)
find_package(benchmark REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
# Documents (platform/documents): PDF with Pango + Cairo, QR codes with libqrencode.
pkg_check_modules(PANGOCAIRO REQUIRED IMPORTED_TARGET pangocairo cairo-pdf)
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
# Excel exports (platform/exports).
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
# 国密 primitives (platform/crypto/gm): SM3, HMAC-SM3, SM4 through OpenSSL 3's EVP.
pkg_check_modules(LIBCRYPTO REQUIRED IMPORTED_TARGET libcrypto)

# SOCI ships neither a CMake config nor a .pc file.
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
find_library(SOCI_CORE_LIB soci_core REQUIRED)
find_library(SOCI_SQLITE_LIB soci_sqlite3 REQUIRED)
find_library(SOCI_PG_LIB soci_postgresql REQUIRED)
add_library(soci_all INTERFACE)
target_include_directories(soci_all SYSTEM INTERFACE ${SOCI_INCLUDE_DIR} ${SOCI_INCLUDE_DIR}/soci)
target_link_libraries(soci_all INTERFACE ${SOCI_PG_LIB} ${SOCI_SQLITE_LIB} ${SOCI_CORE_LIB}
  SQLite::SQLite3 PostgreSQL::PostgreSQL ${CMAKE_DL_LIBS})
