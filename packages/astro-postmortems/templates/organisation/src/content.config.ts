import { defineCollection } from 'astro:content';
import { postmortemsLoader } from 'astro-postmortems/loader';

export const collections = { postmortems: defineCollection({ loader: postmortemsLoader() }) };
