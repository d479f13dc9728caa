// Types of the search client's data, for the type check only (tsc over the JSDoc-typed modules
// in themes/default/static/js/; see ../tsconfig.json). Kept out of the theme so that visitors
// do not download them. The Rust side of the manifest is src/search/manifest.rs.

/** The reference's query constants (src/search/query.rs), as the manifest carries them. */
interface Ranking {
  /** A longer form of a known word counts this much. */
  completion_weight: number;
  /** A question or function word counts this much. */
  function_weight: number;
  /** A compound the site lacks: both its parts on a page. */
  part_weight: number;
  /** A compound the site lacks: one of its parts, alone or in another compound. */
  shared_part_weight: number;
  /** Every required word (two or more) in the title. */
  title_bonus: number;
  /** Every required word in the headings. */
  headings_bonus: number;
  /** Alternatives per query word at most. */
  max_expansions: number;
  /** Letters a completion of a known word may add. */
  max_inflection: number;
  /** The shortest part of a split compound. */
  min_part: number;
  /** Linking sounds between compound parts. */
  links: string[];
}

/** search/manifest.json (docs/SEARCH-FORMAT.md). */
interface Manifest {
  version: number;
  language: string;
  compounds: boolean;
  /** The ending of an infinitive whose stem query words complete from too; "" for none. */
  infinitive_ending: string;
  doc_count: number;
  k1: number;
  b: number;
  fields: string[];
  boosts: number[];
  avg_fieldnorm: number[];
  fieldnorm_table: number[];
  vocab: string;
  bounds: string[];
  postings: string;
  docs: string;
  facets: string;
  synonyms: Record<string, string[]>;
  max_token_len: number;
  doc_weights: [number, number[]][];
  ranking: Ranking;
  function_words: string[];
}
