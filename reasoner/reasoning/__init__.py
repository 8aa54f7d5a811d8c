"""Reasoning: the one module that imports clingo, justification trees and the answer contract."""
