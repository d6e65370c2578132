// Attributes valid in HTML that @kitajs/html's JSX types leave out.
declare namespace JSX {
  interface HtmlTag {
    /** Global attribute: focus this element on load (used on the error summary, tabindex=-1). */
    autofocus?: undefined | boolean;
  }
  interface HtmlScriptTag {
    /** Legacy bundle for browsers without ES modules (DSFR ships one). */
    nomodule?: undefined | boolean;
  }
  interface HtmlTextAreaTag {
    autocomplete?: undefined | string;
  }
}
