/** blameless/blame's language library as its own chunk of the writing page, named for it (the worker imports it only when a text needs it). */
export { default } from 'compromise/two';
