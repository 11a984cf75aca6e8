/**
 * Your postmortem site's configuration: identity, format and look. This file is code: it is run by the build and by
 * every `postmortems` command, so it is reviewed like code (.github/CODEOWNERS gives it to the site's owners).
 *
 * Every option is optional; the defaults are the postmortem format's. Each is documented where you hover it in your
 * editor, and in the package's README ("Configuration": node_modules/astro-postmortems/README.md). Upgrades of the
 * engine never edit this file; when a new version changes an option, `npx postmortems upgrade` rewrites it for you
 * (keeping your comments) and the upgrade note says what changed.
 */
import { defineConfig } from 'astro-postmortems/config';

export default defineConfig({
  // Site name in the header, page titles and the feed, and the sentence under it.
  title: __TITLE__,
  description: __DESCRIPTION__,

  // The repository holding the postmortems: "Edit" and "History" links on every page.
  // repository: { url: 'https://github.com/acme/postmortems', branch: 'main' },

  // Where the site is served, when not on GitHub Pages (whose workflow sets both): canonical links, feed, sitemap.
  // siteUrl: 'https://postmortems.internal.acme.com',
  // basePath: '/',

  // Search engines: off by default (every page says noindex, robots.txt disallows everything).
  // indexing: false,

  // Who reads the site: 'internal' (default) shows <Internal> parts and `internal:` fields, marked;
  // 'external' leaves them out of every page, feed and search file (or `postmortems build --audience external`).
  // audience: 'internal',
  // Drafts are left out of the built site (shown by `npm run dev`); true publishes them with a "draft" banner:
  // publishDrafts: false,

  // ---- Look: your logo and favicon go in public/brand/, which upgrades never touch. ----
  // logo: 'brand/logo.svg',
  favicon: 'brand/favicon.svg',
  // Colours by custom property of the site's stylesheet (accent, fg, bg, p1…p4 for the severities…),
  // one for both themes or { light, dark }:
  // colors: { accent: { light: '#0b5cad', dark: '#78b4f2' } },
  // Stylesheets of your own, loaded after the site's:
  // customCss: ['./src/styles/brand.css'],
  // Your links first in the footer, and your own sentence there:
  // footer: { links: [{ label: 'Incident process', href: 'https://wiki.acme.com/incidents' }], text: 'Blameless, always.' },
  // Your own components in place of the site's (Header, Footer, PostmortemHeader):
  // components: { Header: './src/components/header.astro' },
  // Rows per page of the lists:
  // pageSize: { postmortems: 100, actionItems: 200 },

  // ---- Format: what a postmortem must hold. ----
  // Severity levels, most critical first:
  // severities: ['P1', 'P2', 'P3', 'P4'],
  // Level-2 headings every postmortem has, in order, and which of them play which part:
  // requiredSections: ['Executive Summary', 'Business Impact', 'Root Cause', 'Timeline', 'Lessons Learned', 'Action Items'],
  // summarySection: 'Executive Summary',
  // actionItemsSection: 'Action Items',
  // timelineSection: 'Timeline',
  // lessonsSection: 'Lessons Learned',
  // lessonsSubsections: ['What went well', 'What went wrong', 'Where we got lucky'],
  // Other headings that mean a section (`postmortems import` and `sections/missing` use them):
  // sectionSynonyms: { 'Executive Summary': ['Summary', 'Overview', 'TL;DR'] },
  // Contributing-factor categories, kebab-case id → meaning (replaces the defaults when set):
  // factorCategories: { change: 'A deploy, release or migration…', capacity: 'A resource that ran out…' },
  // Blame-oriented wording to flag, with what to write instead:
  // blamelessPhrases: [{ pattern: String.raw`\bhuman errors?\b`, suggestion: 'describe the condition in the system' }],
  // Elements allowed in postmortems, and attributes allowed on all of them:
  // allowedElements: { kbd: { attributes: [] }, abbr: { attributes: ['title'] } },
  // globalAttributes: ['id', 'title', 'lang', 'dir'],
  // Rule levels ('error', 'warning' or 'off', or one per status; `npx postmortems check --list-rules` lists the ids):
  // rules: { 'privacy/email': 'error', 'lessons/subsections': 'off', 'blameless/blame': { draft: 'warning' } },
  // Action items may link to a tracker id such as OBS-120:
  // tracker: { url: 'https://jira.acme.com/browse/{id}' },

  // `postmortems timeline`: how people appear in timelines drawn from Slack, PagerDuty… (roles by default),
  // the zone of a new draft's timeline, and the Slack reactions that mark a message for it:
  // timeline: { people: 'roles', roles: { 'maria@acme.com': 'Incident commander' }, zone: 'UTC', reactions: ['pushpin'] },

  // ---- GitHub: the weekly overdue report and the action-items sync. ----
  // github: {
  //   owners: { 'platform-team': ['octocat'] },   // action-item owner → GitHub handles
  //   labels: ['postmortem-action-item'],
  //   issuesRepository: 'acme/postmortems',
  // },
});
