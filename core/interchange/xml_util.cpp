#include "interchange/xml_util.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <climits>

#include "common/error.h"
#include "interchange/text_util.h"

namespace stf2m::interchange::detail {

namespace {

struct FirstError {
  bool set = false;
  int64_t line = 0;
  std::string message;
};

// Keeps the first error (the later ones usually follow from it) and stops libxml2 from
// printing to stderr.
void recordError(void* userData, xmlErrorPtr error) {
  auto* first = static_cast<FirstError*>(userData);
  if (first->set || error == nullptr || error->level < XML_ERR_ERROR) return;
  first->set = true;
  first->line = error->line;
  first->message = trimmed(error->message ? error->message : "malformed XML");
}

struct ParserFree {
  void operator()(xmlParserCtxt* ctxt) const { xmlFreeParserCtxt(ctxt); }
};

std::string withoutForbiddenControls(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text)
    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += static_cast<char>(c);
  return out;
}

}  // namespace

XmlDocument parseXml(const std::string& file, const std::string& bytes) {
  if (bytes.size() > static_cast<size_t>(INT_MAX)) throw Error(ErrorCode::FileUnreadable, file, "is too large to parse (over 2 GiB)");
  xmlInitParser();
  std::unique_ptr<xmlParserCtxt, ParserFree> ctxt(xmlNewParserCtxt());
  if (!ctxt) throw Error(ErrorCode::Internal, file, "cannot create an XML parser");
  FirstError first;
  // The structured handler (thread-local in libxml2) takes precedence over the context's
  // printing handlers, so errors are collected here instead of going to stderr.
  xmlSetStructuredErrorFunc(&first, &recordError);
  // NONET: never fetch a DTD or entity from the network; no NOENT: entities are not expanded.
  const int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING;
  XmlDocument doc(xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr, options));
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  if (!first.set && (!doc || !ctxt->wellFormed)) {
    const xmlError* last = xmlCtxtGetLastError(ctxt.get());
    first.set = true;
    first.line = last ? last->line : 0;
    first.message = last && last->message ? trimmed(last->message) : "not well-formed XML";
  }
  if (first.set) throwParseError(file, first.line > 0 ? first.line : 1, "not well-formed XML: " + first.message);
  return doc;
}

int64_t lineOf(const xmlNode* node) { return node ? static_cast<int64_t>(xmlGetLineNo(node)) : 0; }

bool isElement(const xmlNode* node, const char* name) {
  return node && node->type == XML_ELEMENT_NODE && xmlStrcmp(node->name, BAD_CAST name) == 0;
}

std::vector<xmlNode*> childElements(const xmlNode* parent, const char* name) {
  std::vector<xmlNode*> out;
  for (xmlNode* c = parent ? parent->children : nullptr; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && (!name || xmlStrcmp(c->name, BAD_CAST name) == 0)) out.push_back(c);
  return out;
}

xmlNode* firstChildElement(const xmlNode* parent, const char* name) {
  for (xmlNode* c = parent ? parent->children : nullptr; c; c = c->next)
    if (isElement(c, name)) return c;
  return nullptr;
}

std::optional<std::string> attribute(const xmlNode* node, const char* name) {
  xmlChar* v = xmlGetNoNsProp(node, BAD_CAST name);
  if (!v) return std::nullopt;
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

std::string textOf(const xmlNode* node) {
  xmlChar* v = xmlNodeGetContent(node);
  if (!v) return {};
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

std::string nameOf(const xmlNode* node) { return node && node->name ? reinterpret_cast<const char*>(node->name) : ""; }

// ---- writer ----------------------------------------------------------------------------------

XmlWriter::XmlWriter() {
  buffer_ = xmlBufferCreate();
  writer_ = buffer_ ? xmlNewTextWriterMemory(buffer_, 0) : nullptr;
  if (!writer_) throw Error(ErrorCode::Internal, "", "cannot create an XML writer");
  check(xmlTextWriterSetIndent(writer_, 1), "indent");
  check(xmlTextWriterSetIndentString(writer_, BAD_CAST "    "), "indent");
  check(xmlTextWriterStartDocument(writer_, "1.0", "UTF-8", nullptr), "start the document");
}

XmlWriter::~XmlWriter() {
  if (writer_) xmlFreeTextWriter(writer_);
  if (buffer_) xmlBufferFree(buffer_);
}

void XmlWriter::check(int rc, const char* what) {
  if (rc < 0) throw Error(ErrorCode::Internal, "", std::string("XML writer failed to ") + what);
}

XmlWriter& XmlWriter::start(const char* element) {
  check(xmlTextWriterStartElement(writer_, BAD_CAST element), "start an element");
  return *this;
}

XmlWriter& XmlWriter::attribute(const char* name, const std::string& value) {
  check(xmlTextWriterWriteAttribute(writer_, BAD_CAST name, BAD_CAST withoutForbiddenControls(value).c_str()),
        "write an attribute");
  return *this;
}

XmlWriter& XmlWriter::text(const std::string& value) {
  check(xmlTextWriterWriteString(writer_, BAD_CAST withoutForbiddenControls(value).c_str()), "write text");
  return *this;
}

XmlWriter& XmlWriter::end() {
  check(xmlTextWriterEndElement(writer_), "end an element");
  return *this;
}

std::string XmlWriter::finish() {
  check(xmlTextWriterEndDocument(writer_), "end the document");
  check(xmlTextWriterFlush(writer_), "flush");
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_)), static_cast<size_t>(xmlBufferLength(buffer_)));
}

}  // namespace stf2m::interchange::detail
