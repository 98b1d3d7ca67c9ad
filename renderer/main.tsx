import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/tokens.css';
import './styles/base.css';
import './styles/components.css';
import './styles/layout.css';
import './styles/table.css';
import './styles/features.css';
import './styles/recommendations.css';
import './styles/templates.css';
import './styles/visits.css';
import './styles/review.css';
import './styles/portfolio.css';
import './styles/knowledge.css';
import './styles/search.css';
import { Root } from './app/Root.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
