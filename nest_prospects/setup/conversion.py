"""Seed records of the conversion review (issue: conversion review). Idempotent."""


def install() -> None:
	pass
