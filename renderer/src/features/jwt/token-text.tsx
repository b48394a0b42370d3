/** A JWT with its three segments tinted (header · payload · signature). */
export function TokenText({ token, testId }: { token: string; testId?: string }) {
  const prefix = token.startsWith('sk-live-') ? 'sk-live-' : '';
  const [h = '', p = '', s = ''] = token.slice(prefix.length).split('.');
  return (
    <code className="jw-token" data-testid={testId}>
      {prefix && <span className="jw-seg-p">{prefix}</span>}
      <span className="jw-seg-h">{h}</span>.<span className="jw-seg-c">{p}</span>.<span className="jw-seg-s">{s}</span>
    </code>
  );
}
