// Files beside the database (encrypted attachments): written whole or not at all, read whole.
#pragma once

#include <filesystem>
#include <string>

namespace medrisk::files {

// Writes `data` to a hidden temporary file in the same folder, syncs it, renames it and syncs the folder,
// so a reader never sees half a file and a crash after return loses nothing; creates the folder. Throws
// std::runtime_error when the file cannot be written (the temporary file is removed).
void write_atomically(const std::filesystem::path& path, const std::string& data);

// The whole file; throws std::runtime_error when it is missing.
std::string read_whole(const std::filesystem::path& path);

}  // namespace medrisk::files
