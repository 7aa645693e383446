/** Entry point of the API reference page (docs.html, served at /_apis/docs). */
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { DocsPage } from "./DocsPage.tsx";
import "../global.css";

const root = document.getElementById("root");
if (root === null) throw new Error("docs.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <FluentProvider theme={webLightTheme} style={{ minHeight: "100vh" }}>
      <DocsPage />
    </FluentProvider>
  </StrictMode>,
);
