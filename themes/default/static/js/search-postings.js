// Readers of the binary parts of the search index (docs/SEARCH-FORMAT.md, "Postings" and
// "Facets"): varints, document sets, term frequencies. Part of the search client (search.js).

/** Reads the varints and sets of docs/SEARCH-FORMAT.md from bytes. */
function reader(bytes) {
  let at = 0;
  const r = {
    byte: () => bytes[at++],
    varint() {
      let value = 0;
      let shift = 0;
      for (;;) {
        const byte = bytes[at++];
        value += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) return value;
        shift += 7;
      }
    },
    /** `count` members of 0..universe: all of them, gaps (format 0) or a bitset (format 1). */
    set(count, universe) {
      const members = new Array(count);
      if (count === universe) {
        for (let i = 0; i < count; i++) members[i] = i;
        return members;
      }
      if (bytes[at++] === 0) {
        let value = 0;
        for (let i = 0; i < count; i++) {
          value = i === 0 ? r.varint() : value + r.varint();
          members[i] = value;
        }
      } else {
        let i = 0;
        for (let m = 0; m < universe; m++) if (bytes[at + (m >> 3)] & (1 << (m & 7))) members[i++] = m;
        at += (universe + 7) >> 3;
      }
      return members;
    },
    /** `count` term frequencies: varints (format 0) or two to a byte (format 1). */
    frequencies(count) {
      const out = new Array(count);
      if (bytes[at++] === 0) {
        for (let i = 0; i < count; i++) out[i] = r.varint();
      } else {
        for (let i = 0; i < count; i++) out[i] = (bytes[at + (i >> 1)] >> ((i & 1) * 4)) & 15;
        at += (count + 1) >> 1;
      }
      return out;
    },
    bytes(count) {
      at += count;
      return bytes.subarray(at - count, at);
    },
  };
  return r;
}

/** Reads a postings list into doc -> [[field, tf, fieldnorm id]]. */
export function decodePostings(bytes, docCount, fieldCount) {
  const r = reader(bytes);
  const n = r.varint();
  const docs = r.set(n, docCount);
  const fields = [];
  for (let field = 0; field < fieldCount; field++) {
    const m = r.varint();
    fields.push(m === 0 ? [] : r.set(m, n));
  }
  const perDoc = new Map(docs.map((d) => [d, []]));
  fields.forEach((positions, field) => {
    if (positions.length === 0) return;
    const tfs = r.frequencies(positions.length);
    const norms = r.bytes(positions.length);
    positions.forEach((p, i) => perDoc.get(docs[p]).push([field, tfs[i], norms[i]]));
  });
  return perDoc;
}

/** A facet value's documents, from its [count, base64 set]. */
export function facetDocs([count, encoded], docCount) {
  return new Set(reader(base64Bytes(encoded)).set(count, docCount));
}

export function base64Bytes(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
