/**
 * The /embed page: an editor picks a widget, municipality, filters and language, sees a live preview
 * and copies the snippet. All behaviour lives in `<fc-embed-builder>` (packages/widgets/src/embed),
 * so the page itself is static HTML that runs under `script-src 'self'; style-src 'self'`.
 */
export function embedPage(version: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Embed a Food Commons widget</title>
<script type="module" src="/widgets/${version}/foodcommons.js"></script>
<script type="module" src="/widgets/${version}/embed.js"></script>
</head>
<body>
<fc-embed-builder version="${version}"><noscript>This page needs JavaScript to build the snippet.</noscript></fc-embed-builder>
</body>
</html>
`;
}
