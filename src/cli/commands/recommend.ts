import type { Recommender } from '../../recommend/index.js';
import { loadRecommender, writeRecommendations } from '../../recommend/node.js';
import type { Recommendation, RecommendOptions, ScoredItem } from '../../recommend/types.js';
import { formatUsage, type Flags } from '../args.js';
import { DATA_OPTIONS, type Command } from '../command.js';
import { UsageError } from '../io.js';
import { checkOutPath } from '../out-path.js';
import { withTitles } from '../titles.js';

export const recommend: Command = {
  computes: true,
  spec: {
    name: 'recommend',
    summary: 'Top-k items for a user, a history, similar items, or every user into a JSON file.',
    synopsis: '--model DIR (--user ID | --history IDS | --similar ID | --all [--out FILE]) [-k N]',
    options: {
      model: { type: 'string', short: 'm', value: 'DIR', description: 'checkpoint folder written by `ancf train`' },
      user: { type: 'string', short: 'u', value: 'ID', description: 'recommend for this user id' },
      history: { type: 'string', value: 'IDS', description: 'recommend for a new user who liked these item ids (comma-separated, oldest first)' },
      similar: { type: 'string', value: 'ID', description: 'items most similar to this item id' },
      all: { type: 'boolean', description: 'every user, written to --out' },
      out: { type: 'string', short: 'o', value: 'FILE', description: 'with --all: output file (default recommendations.json)' },
      k: { type: 'string', short: 'k', value: 'N', description: 'list length (default 10)' },
      'include-seen': { type: 'boolean', description: 'allow items the user already interacted with' },
      exclude: { type: 'string', value: 'IDS', description: 'item ids never to recommend (comma-separated)' },
      ...DATA_OPTIONS,
      data: { type: 'string', value: 'PATH', description: 'dataset to read movie titles from (default: $ANCF_DATA, else the training data)' },
      json: { type: 'boolean', description: 'print JSON' },
    },
    notes: ['example: ancf recommend --model models/ancf --user 196 -k 5'],
  },
  async run(flags: Flags, _parsed, io) {
    const dir = flags.required('model');
    const modes = ['user', 'history', 'similar', 'all'].filter((m) => flags.has(m) && flags.values[m] !== false);
    if (modes.length !== 1) throw new UsageError(`give exactly one of --user, --history, --similar, --all${modes.length ? ` (got ${modes.map((m) => `--${m}`).join(', ')})` : ''}`, formatUsage(this.spec));
    const k = flags.number('k', 10, { min: 1, integer: true });
    const opts: RecommendOptions = { excludeSeen: !flags.bool('include-seen') };
    if (flags.has('exclude')) opts.exclude = ids(flags.required('exclude'));
    const out = flags.string('out') ?? 'recommendations.json';
    if (flags.bool('all')) checkOutPath(out, 'file', 'out', this.spec);
    let rec = await loadRecommender(dir);
    if (flags.bool('all')) {
      await writeRecommendations(out, rec.exportAll(k, opts));
      io.stdout.write(`wrote top-${k} lists of ${rec.numUsers} users to ${out}\n`);
      return 0;
    }
    rec = await withTitles(rec, dir, flags, io);
    if (flags.has('similar')) {
      const r = rec.similarItems(flags.required('similar'), k);
      const items = r.items.map((it) => withTitle(rec, it));
      io.stdout.write(flags.bool('json') ? `${JSON.stringify({ itemId: r.itemId, items }, null, 2)}\n` : `items similar to ${r.itemId}${title(rec, r.itemId)}:\n${table(items)}\n`);
      return 0;
    }
    const r: Recommendation = flags.has('user') ? rec.recommend(flags.required('user'), k, opts) : rec.recommendFromHistory(ids(flags.required('history')), k, opts);
    if (flags.bool('json')) io.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else {
      const who = r.userId === null ? 'a new user from their history' : `user ${r.userId}`;
      io.stdout.write(`top ${r.items.length} for ${who}${r.coldStart ? ' (cold start: most popular items)' : ''}, confidence ${r.confidence.toFixed(2)}:\n${table(r.items)}\n`);
    }
    return 0;
  },
};

/** Comma-separated ids; numeric strings are resolved against numeric ids by the Recommender. */
function ids(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function withTitle(rec: Recommender, it: ScoredItem): ScoredItem {
  const t = it.title ?? rec.titleOf(it.itemId);
  return t === undefined ? it : { ...it, title: t };
}

function title(rec: Recommender, id: string | number): string {
  const t = rec.titleOf(id);
  return t === undefined ? '' : ` (${t})`;
}

function table(items: readonly ScoredItem[]): string {
  if (items.length === 0) return '  (no eligible items)';
  const w = Math.max(4, ...items.map((it) => String(it.itemId).length));
  return items.map((it, r) => `  ${String(r + 1).padStart(2)}. ${String(it.itemId).padEnd(w)}  ${it.score.toFixed(4).padStart(8)}${it.title ? `  ${it.title}` : ''}`).join('\n');
}
