// kubectl-reading: reads YAML streams exactly as kubectl does before it sends
// objects to the API server, and prints what it would send. It is the reference
// the differential test (test/oracle/differential.test.ts) compares our analysis
// with; it is test code only and never ships.
//
// The path it models (kubectl apply -f, Kubernetes 1.29 to 1.35):
//   - k8s.io/cli-runtime resource.StreamVisitor decodes with
//     k8s.io/apimachinery/pkg/util/yaml NewYAMLOrJSONDecoder(r, 4096): a stream
//     whose first non-space byte (in the first 4096) is `{` is read as JSON values,
//     anything else is cut into documents by YAMLReader (reimplemented in
//     splitDocuments below) and each document is converted with sigs.k8s.io/yaml
//     YAMLToJSON, i.e. gopkg.in/yaml.v2 semantics (YAML 1.1 booleans and octals,
//     merge keys, later duplicate keys winning). Decoding into a RawExtension, which
//     implements json.Unmarshaler, makes sigs.k8s.io/yaml convert without a target
//     type, so numbers and booleans stay numbers and booleans.
//   - Kubernetes 1.29+ vendors sigs.k8s.io/yaml v1.4, whose goyaml.v2 is a fork of
//     gopkg.in/yaml.v2 v2.4.0 "for critical fixes only"; Debian's packages give
//     sigs.k8s.io/yaml v1.3.0 on gopkg.in/yaml.v2 v2.4.0, the same decoder.
//   - Documents that decode to nothing or null are skipped.
//
// Protocol: each stdin line is a JSON string (one stream); each stdout line is
// {"json":bool,"documents":[{"line":N,"error":"…"}|{"line":N,"value":…}]} with
// `line` the 0-based line where the document's text starts. Unlike kubectl, which
// stops at the first error, every document is reported.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"sigs.k8s.io/yaml"
)

type document struct {
	Line  int             `json:"line"`
	Error string          `json:"error,omitempty"`
	Value json.RawMessage `json:"value,omitempty"`
}

type result struct {
	JSON      bool       `json:"json"`
	Documents []document `json:"documents"`
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var stream string
			if jerr := json.Unmarshal(line, &stream); jerr != nil {
				fmt.Fprintf(os.Stderr, "bad request: %v\n", jerr)
				os.Exit(2)
			}
			encoded, _ := json.Marshal(read([]byte(stream)))
			out.Write(encoded)
			out.WriteByte('\n')
			out.Flush()
		}
		if err != nil {
			return
		}
	}
}

func read(stream []byte) result {
	// GuessJSONStream peeks at most 4096 bytes; hasJSONPrefix trims unicode.IsSpace.
	peek := stream
	if len(peek) > 4096 {
		peek = peek[:4096]
	}
	if bytes.HasPrefix(bytes.TrimLeftFunc(peek, unicode.IsSpace), []byte("{")) {
		return result{JSON: true, Documents: readJSON(stream)}
	}
	docs := []document{}
	for _, chunk := range splitDocuments(stream) {
		if chunk.err != "" {
			docs = append(docs, document{Line: chunk.line, Error: chunk.err})
			continue
		}
		converted, err := yaml.YAMLToJSON(chunk.text)
		if err != nil {
			docs = append(docs, document{Line: chunk.line, Error: err.Error()})
			continue
		}
		trimmed := bytes.TrimSpace(converted)
		if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
			continue
		}
		docs = append(docs, document{Line: chunk.line, Value: trimmed})
	}
	return result{Documents: docs}
}

func readJSON(stream []byte) []document {
	docs := []document{}
	decoder := json.NewDecoder(bytes.NewReader(stream))
	for {
		var raw json.RawMessage
		err := decoder.Decode(&raw)
		if err == io.EOF {
			return docs
		}
		if err != nil {
			return append(docs, document{Error: err.Error()})
		}
		if !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			docs = append(docs, document{Value: raw})
		}
	}
}

type chunk struct {
	line int
	text []byte
	err  string
}

// splitDocuments cuts a stream as apimachinery's YAMLReader does: lines come from
// bufio.Reader.ReadLine (which drops "\n" or "\r\n", not a lone "\r") and get "\n"
// back; a line that starts with "---" ends the document when something was
// collected, and is itself dropped; after "---" only spaces and a comment may
// follow, anything else is the error "invalid Yaml document separator: …".
func splitDocuments(stream []byte) []chunk {
	var chunks []chunk
	var buffer bytes.Buffer
	start := 0
	lines := bytes.SplitAfter(stream, []byte("\n"))
	for index, raw := range lines {
		if len(raw) == 0 {
			continue
		}
		line := raw
		if bytes.HasSuffix(line, []byte("\n")) {
			line = bytes.TrimSuffix(line[:len(line)-1], []byte("\r"))
		}
		if bytes.HasPrefix(line, []byte("---")) {
			trimmed := strings.TrimSpace(string(line[3:]))
			if len(trimmed) > 0 && trimmed[0] != '#' {
				// kubectl stops here without decoding what it collected; it is decoded anyway, for the comparison.
				if buffer.Len() != 0 {
					chunks = append(chunks, chunk{line: start, text: append([]byte(nil), buffer.Bytes()...)})
				}
				chunks = append(chunks, chunk{line: index, err: "invalid Yaml document separator: " + trimmed})
				buffer.Reset()
				start = index + 1
				continue
			}
			if buffer.Len() != 0 {
				chunks = append(chunks, chunk{line: start, text: append([]byte(nil), buffer.Bytes()...)})
				buffer.Reset()
			}
			start = index + 1
			continue
		}
		buffer.Write(line)
		buffer.WriteByte('\n')
	}
	if buffer.Len() != 0 {
		chunks = append(chunks, chunk{line: start, text: buffer.Bytes()})
	}
	return chunks
}
