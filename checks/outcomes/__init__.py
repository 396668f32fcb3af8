"""Rules of the 'outcomes' category (issue 16): the learning outcomes and their alignment with the
thematic plan and the assessment, from the syllabus alone. One rule per module, named by its code."""
