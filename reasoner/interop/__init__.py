"""Exchange with the tools biologists use: INDRA Statements, CX2 (NDEx/Cytoscape), KGX, SIF, GraphML."""
