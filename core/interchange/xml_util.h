#pragma once
// libxml2 behind RAII: parsing that turns every XML error into a ParseError naming the file and
// line, element helpers that keep line numbers at hand, and a writer that throws on failure.
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stf2m::interchange::detail {

struct XmlDocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocument = std::unique_ptr<xmlDoc, XmlDocFree>;

// Parses `bytes` (the content of `file`) without network access or entity expansion. Not
// well-formed XML (truncated, not XML at all) throws ParseError "line N: <libxml2's message>".
XmlDocument parseXml(const std::string& file, const std::string& bytes);

// The element's line in the file (exact beyond 65535 lines too).
int64_t lineOf(const xmlNode* node);
bool isElement(const xmlNode* node, const char* name);
// Element children, all or those with `name`, in document order.
std::vector<xmlNode*> childElements(const xmlNode* parent, const char* name = nullptr);
xmlNode* firstChildElement(const xmlNode* parent, const char* name);
std::optional<std::string> attribute(const xmlNode* node, const char* name);
// Concatenated text content of the element.
std::string textOf(const xmlNode* node);
std::string nameOf(const xmlNode* node);

// Streaming, indented UTF-8 output into memory. Text and attribute values are escaped; characters
// XML 1.0 forbids (C0 controls other than tab, LF, CR) are dropped, since a file containing them
// would not parse at all.
class XmlWriter {
 public:
  XmlWriter();
  ~XmlWriter();
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  XmlWriter& start(const char* element);
  XmlWriter& attribute(const char* name, const std::string& value);
  XmlWriter& text(const std::string& value);
  XmlWriter& end();
  // Closes every open element and returns the document.
  std::string finish();

 private:
  void check(int rc, const char* what);
  xmlBufferPtr buffer_ = nullptr;
  xmlTextWriterPtr writer_ = nullptr;
};

}  // namespace stf2m::interchange::detail
