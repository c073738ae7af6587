import MarkdownIt from 'markdown-it';

/** Only these link targets survive; anything else (javascript:, data:, relative paths) stays text. */
const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

/**
 * Markdown of the service documents rendered on the server to HTML that is safe to insert as is:
 * raw HTML in the source is escaped (`html: false`), images are off (no remote fetches, no
 * attribute tricks), URLs are never guessed from bare text, and links go only to http(s) or
 * mailto, opening in a new tab without the portal as opener or referrer.
 */
const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });
md.disable(['image']);
md.validateLink = (url: string): boolean => SAFE_LINK.test(url.trim());

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx]!;
  token.attrSet('target', '_blank');
  token.attrSet('rel', 'noopener noreferrer');
  return self.renderToken(tokens, idx, options);
};

export function renderMarkdown(source: string): string {
  return md.render(source);
}
